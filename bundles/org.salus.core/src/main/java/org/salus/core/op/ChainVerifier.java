package org.salus.core.op;

import java.util.Optional;

/**
 * Checks one device's chain, fed with its operations in ascending deviceSeq. Not thread-safe; one per chain.
 * <p>
 * It detects an altered operation (content does not match its hash), a removed one (a gap, or a broken link), an
 * inserted or moved one (its hash covers its deviceSeq and prevHash, so it no longer fits), and a changed end of the
 * chain (compared with the separately stored {@link ChainHead}).
 */
public final class ChainVerifier {

    private final String deviceId;
    private long expectedSeq;
    private String expectedPrevHash;
    private long checked;
    private ChainProblem problem;

    /**
     * Verifies a chain from its start.
     */
    public ChainVerifier(String deviceId) {
        this(deviceId, 1, OpHashes.GENESIS);
    }

    /**
     * Verifies the tail of a chain.
     *
     * @param fromSeq the first deviceSeq that will be fed
     * @param prevHash the stored hash of the operation at {@code fromSeq - 1} (GENESIS when fromSeq is 1)
     */
    public ChainVerifier(String deviceId, long fromSeq, String prevHash) {
        this.deviceId = deviceId;
        this.expectedSeq = fromSeq;
        this.expectedPrevHash = prevHash;
    }

    /**
     * Checks the next operation.
     *
     * @return false once a problem was found (later operations are not looked at)
     */
    public boolean accept(OpEnvelope op) {
        if (problem != null) {
            return false;
        }
        checked++;
        if (!op.deviceId().equals(deviceId)) {
            problem = new ChainProblem(deviceId, op.opId(), op.deviceSeq(), ChainProblem.Reason.ALTERED,
                    "the operation is filed under device " + deviceId + " but names device " + op.deviceId());
        } else if (op.deviceSeq() > expectedSeq) {
            problem = new ChainProblem(deviceId, op.opId(), op.deviceSeq(), ChainProblem.Reason.MISSING,
                    "operations " + expectedSeq + (op.deviceSeq() - 1 > expectedSeq ? " to " + (op.deviceSeq() - 1) : "")
                            + " are missing before it");
        } else if (op.deviceSeq() < expectedSeq) {
            problem = new ChainProblem(deviceId, op.opId(), op.deviceSeq(), ChainProblem.Reason.ALTERED,
                    "deviceSeq " + op.deviceSeq() + " appears again where " + expectedSeq + " was expected");
        } else if (!OpHashes.hashMatches(op)) {
            problem = new ChainProblem(deviceId, op.opId(), op.deviceSeq(), ChainProblem.Reason.ALTERED,
                    "its content does not match its hash: it was changed after it was written (or moved)");
        } else if (!op.prevHash().equals(expectedPrevHash)) {
            problem = new ChainProblem(deviceId, op.opId(), op.deviceSeq(), ChainProblem.Reason.BROKEN_LINK,
                    "it does not link to the operation before it: an operation before it was removed, replaced or moved");
        } else {
            expectedSeq++;
            expectedPrevHash = op.hash();
            return true;
        }
        return false;
    }

    /**
     * Ends the check against the head stored for this device.
     *
     * @param head the stored head, or null to skip the end check
     * @return the first problem, if any
     */
    public Optional<ChainProblem> finish(ChainHead head) {
        if (problem == null && head != null) {
            long lastSeq = expectedSeq - 1;
            if (head.seq() != lastSeq) {
                problem = new ChainProblem(deviceId, null, Math.min(head.seq(), lastSeq) + 1, ChainProblem.Reason.HEAD_MISMATCH,
                        "the chain head records " + head.seq() + " operations but the log holds " + lastSeq
                                + (head.seq() > lastSeq ? ": operations were removed from the end" : ": operations were added after the head"));
            } else if (!head.hash().equals(expectedPrevHash)) {
                problem = new ChainProblem(deviceId, null, lastSeq, ChainProblem.Reason.HEAD_MISMATCH,
                        "the last operation's hash differs from the one recorded in the chain head");
            }
        }
        return Optional.ofNullable(problem);
    }

    /** How many operations were looked at. */
    public long checked() {
        return checked;
    }
}
