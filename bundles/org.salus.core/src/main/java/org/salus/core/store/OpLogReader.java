package org.salus.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.op.ChainHead;
import org.salus.core.op.ChainProblem;
import org.salus.core.op.ChainReport;
import org.salus.core.op.ChainVerifier;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;

/** Reads of the op log. */
@ProviderType
public interface OpLogReader {

    /** One operation by id. */
    Optional<OpEnvelope> find(String opId);

    /** A page of operations matching the query, newest first. */
    OpPage query(OpQuery query);

    /** The newest HLC text in the log (any device), if the log is not empty; local clocks move past it. */
    Optional<String> latestHlc();

    /** How many operations the log holds. */
    long count();

    /**
     * The stored head of every device that has a chain, ordered by device id; a device with operations but no stored
     * head is listed with an empty head, so verification reports it.
     */
    List<ChainHead> chainHeads();

    /**
     * Streams one device's operations in ascending deviceSeq, starting at {@code fromSeq}, until the visitor returns
     * false or the chain ends.
     */
    void scanDevice(String deviceId, long fromSeq, Predicate<OpEnvelope> visitor);

    /** The stored hash of one device's operation, if that deviceSeq exists. */
    Optional<String> hashAt(String deviceId, long deviceSeq);

    /**
     * Verifies the end of every device's chain: its last {@code maxOpsPerDevice} operations (all of them with
     * {@link Long#MAX_VALUE}) against their hashes, their links and the recorded chain head.
     */
    default ChainReport verifyChains(long maxOpsPerDevice) {
        List<ChainProblem> problems = new ArrayList<>();
        long checked = 0;
        List<ChainHead> heads = chainHeads();
        for (ChainHead head : heads) {
            long fromSeq = Math.max(1, head.seq() - Math.max(0, maxOpsPerDevice) + 1);
            ChainVerifier verifier;
            if (fromSeq == 1) {
                verifier = new ChainVerifier(head.deviceId());
            } else {
                Optional<String> before = hashAt(head.deviceId(), fromSeq - 1);
                if (before.isEmpty()) {
                    problems.add(new ChainProblem(head.deviceId(), null, fromSeq - 1, ChainProblem.Reason.MISSING,
                            "operation " + (fromSeq - 1) + " is missing"));
                    continue;
                }
                verifier = new ChainVerifier(head.deviceId(), fromSeq, before.get());
            }
            scanDevice(head.deviceId(), fromSeq, verifier::accept);
            verifier.finish(head).ifPresent(problems::add);
            checked += verifier.checked();
        }
        return new ChainReport(checked, heads.size(), problems);
    }
}
