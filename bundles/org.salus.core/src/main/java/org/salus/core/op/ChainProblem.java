package org.salus.core.op;

/**
 * The first thing wrong in one device's chain.
 *
 * @param deviceId the device whose chain is broken
 * @param opId the operation where the problem shows (null when the problem is a missing tail)
 * @param deviceSeq the deviceSeq at which it shows
 * @param reason what kind of problem
 * @param explanation one sentence for the person reading the report
 */
public record ChainProblem(String deviceId, String opId, long deviceSeq, Reason reason, String explanation) {

    /** Kinds of chain damage. */
    public enum Reason {
        /** The content does not match its hash: the operation was altered (or its place in the chain changed). */
        ALTERED,
        /** The operation does not link to the one before it: an operation before it was removed, replaced or moved. */
        BROKEN_LINK,
        /** Sequence numbers jump: operations are missing before this one. */
        MISSING,
        /** The chain ends somewhere else than the recorded head: operations were removed from or added at the end. */
        HEAD_MISMATCH
    }

    @Override
    public String toString() {
        return reason + " at device " + deviceId + " seq " + deviceSeq + (opId == null ? "" : " op " + opId) + ": " + explanation;
    }
}
