package org.salus.core.store;

import java.sql.Connection;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;

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
     * The head of a device's chain; in a write transaction its row is locked until the transaction ends, so the next
     * deviceSeq taken from it is this transaction's alone.
     */
    ChainHead chainHead(String deviceId);

    /**
     * Appends an operation to the op log and moves its device's chain head to it.
     *
     * @throws ChainConflictException when the operation does not continue the device's chain (wrong deviceSeq or
     *         prevHash), or its opId is already in the log
     * @throws IllegalStateException in a read transaction
     */
    void append(OpEnvelope op);

    /** A meta value (such as the device id), if set. */
    Optional<String> meta(String key);

    /** Sets a meta value. */
    void putMeta(String key, String value);

    /** Reads of the op log within this transaction. */
    OpLogReader opLog();
}
