package org.salus.core.store;

import java.sql.Connection;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;

/** What work can do inside one store transaction. Valid only while the work runs. */
@ProviderType
public interface StoreTransaction {

    /**
     * The transaction's connection, for the projection tables (see the package documentation). Do not commit, roll
     * back or close it.
     */
    Connection connection();

    /** Whether this is a write transaction. */
    boolean writable();

    /**
     * The head of a device's chain; in a write transaction no other write transaction can move it until this one ends
     * (its row is locked, or the store runs its writes one at a time), so the next deviceSeq taken from it is this
     * transaction's alone.
     */
    ChainHead chainHead(String deviceId);

    /**
     * Whether the store runs its write transactions one at a time (one writer connection, one transaction after the
     * other), so that no other transaction can change a row between this transaction's read of it and its write: then
     * row locks such as {@code SELECT ... FOR UPDATE} protect nothing and only cost. False unless a store says so.
     *
     * @since 1.3
     */
    default boolean writesOneAtATime() {
        return false;
    }

    /**
     * Appends an operation to the op log and moves its device's chain head to it.
     *
     * @throws ChainConflictException when the operation does not continue the device's chain (wrong deviceSeq or
     *         prevHash), or its opId is already in the log
     * @throws IllegalStateException in a read transaction
     */
    void append(OpEnvelope op);

    /**
     * Appends an operation that another device wrote and sync brought here, unless the op log already holds it. It
     * must carry its own hash and continue its device's chain as this store holds it; only that device's chain head
     * moves. The caller applies an appended operation to the projections in the same transaction.
     *
     * @param op the received operation, with its serverSeq and receivedAt
     * @param localDeviceId the device this store writes as: the log never takes an operation of its own device that
     *        it does not already hold, since that would fork the device's own chain
     * @return true when it was appended, false when the log already holds this very operation (same opId and hash)
     * @throws ChainConflictException when the log holds another operation under its opId, the operation is of the local
     *         device, its content does not match its hash, or it does not continue its device's chain (the message
     *         names the device, the deviceSeq and what the store holds)
     * @throws IllegalStateException in a read transaction
     * @since 1.1
     */
    default boolean appendForeign(OpEnvelope op, String localDeviceId) {
        Optional<OpEnvelope> held = opLog().find(op.opId());
        if (held.isPresent()) {
            OpEnvelope h = held.get();
            if (h.deviceId().equals(op.deviceId()) && h.deviceSeq() == op.deviceSeq() && h.hash().equals(op.hash())) {
                return false;
            }
            throw new ChainConflictException("operation " + op.opId() + " (device " + op.deviceId() + ", seq " + op.deviceSeq()
                    + ") is already in the op log with other content (device " + h.deviceId() + ", seq " + h.deviceSeq() + ")");
        }
        if (op.deviceId().equals(localDeviceId)) {
            throw new ChainConflictException("operation " + op.opId() + " (seq " + op.deviceSeq() + ") names this device, "
                    + localDeviceId + ", but this store never wrote it: this device's chain would fork");
        }
        if (!OpHashes.hashMatches(op)) {
            throw new ChainConflictException("operation " + op.opId() + " (device " + op.deviceId() + ", seq " + op.deviceSeq()
                    + ") does not match its hash: it was changed after it was written");
        }
        ChainHead head = chainHead(op.deviceId());
        if (!head.isContinuedBy(op)) {
            throw new ChainConflictException("operation " + op.opId() + " (device " + op.deviceId() + ", seq " + op.deviceSeq()
                    + ") does not continue the device's chain, which ends here at seq " + head.seq()
                    + (op.deviceSeq() == head.seq() + 1 ? " with another hash" : ""));
        }
        append(op);
        return true;
    }

    /** A meta value (such as the device id), if set. */
    Optional<String> meta(String key);

    /** Sets a meta value. */
    void putMeta(String key, String value);

    /** Reads of the op log within this transaction. */
    OpLogReader opLog();
}
