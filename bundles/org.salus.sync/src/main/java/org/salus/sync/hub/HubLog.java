package org.salus.sync.hub;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;

/**
 * The hub's store of every clinic's operations: the truth the hub syncs from, whatever the broker keeps.
 * <p>
 * Each clinic's operations carry a {@code serverSeq} that is gap-free, strictly increasing and <em>commit-ordered</em>:
 * once a reader sees serverSeq N of a clinic, every serverSeq below N of that clinic is committed and visible too, so a
 * device that pulls after its cursor never skips an operation that commits late.
 * Implementations are thread-safe; several hub instances may share one database.
 */
@ProviderType
public interface HubLog {

    /**
     * Appends a device's batch in one transaction, checked with {@link BatchCheck}: operations the hub already holds
     * (same opId, same content) count as duplicates; the others must carry their own hash and continue the device's
     * chain (the device's last held operation, then each other). Those that do get the next serverSeqs of the clinic
     * and are stored together; the first that does not, and every one after it, is refused with a reason.
     *
     * @param clinicId the clinic of the push topic
     * @param deviceId the device of the push topic
     * @param ops in ascending deviceSeq
     * @return what was stored, with serverSeq and receivedAt, and the device's head afterwards
     * @throws HubLogException when the store cannot be read or written; nothing was stored then
     */
    AppendResult append(String clinicId, String deviceId, List<OpEnvelope> ops);

    /**
     * {@link #append} without waiting: the batch is queued behind the batches given before it (on any thread), judged
     * in that order exactly as {@link #append} judges it, and the stage completes once the batch is as durable as
     * {@link #append} makes it. A caller can so hand over a device's next batch while the previous one is still being
     * written, and the log can write both with one commit. A batch that follows a failed one of the same device is
     * judged against what the log holds, so it is refused as {@link org.salus.sync.wire.RejectReason#SEQ_GAP} rather
     * than stored out of order.
     * <p>
     * The default runs {@link #append} on the calling thread.
     *
     * @return completes with what {@link #append} returns, or exceptionally with the {@link HubLogException} it throws
     * @since 1.2
     */
    default CompletionStage<AppendResult> appendAsync(String clinicId, String deviceId, List<OpEnvelope> ops) {
        try {
            return CompletableFuture.completedFuture(append(clinicId, deviceId, ops));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Operations of a clinic after a serverSeq, in ascending serverSeq.
     *
     * @param afterServerSeq the device's cursor, 0 for the start
     * @param limit at most this many, 1 or more
     * @throws HubLogException when the store cannot be read
     */
    HubPage page(String clinicId, long afterServerSeq, int limit);

    /**
     * The last operation the hub holds of a device (seq 0 and {@link org.salus.core.op.OpHashes#GENESIS} for none).
     *
     * @throws HubLogException when the store cannot be read
     */
    ChainHead deviceHead(String deviceId);
}
