package org.salus.core.op;

import java.util.Objects;

/**
 * Where a device's chain ends: its last deviceSeq, that operation's hash and clock reading.
 * A device without operations has seq 0, hash {@link OpHashes#GENESIS} and no clock reading.
 *
 * @param deviceId the device
 * @param seq the last deviceSeq, 0 for none
 * @param hash the last operation's hash
 * @param hlc the last operation's HLC text, or null for none
 */
public record ChainHead(String deviceId, long seq, String hash, String hlc) {

    public ChainHead {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(hash, "hash");
    }

    /** The head of a device that has written nothing yet. */
    public static ChainHead empty(String deviceId) {
        return new ChainHead(deviceId, 0, OpHashes.GENESIS, null);
    }

    /** The head after appending {@code op}. */
    public static ChainHead after(OpEnvelope op) {
        return new ChainHead(op.deviceId(), op.deviceSeq(), op.hash(), op.hlc());
    }

    /** Whether {@code op} continues this chain: the next seq and a prevHash equal to this head's hash. */
    public boolean isContinuedBy(OpEnvelope op) {
        return op.deviceId().equals(deviceId) && op.deviceSeq() == seq + 1 && op.prevHash().equals(hash);
    }
}
