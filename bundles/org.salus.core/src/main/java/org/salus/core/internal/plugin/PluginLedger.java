package org.salus.core.internal.plugin;

import java.sql.SQLException;
import java.util.Map;

import org.salus.core.command.Actor;
import org.salus.core.op.OpEnvelope;
import org.salus.core.store.StoreTransaction;
import org.salus.core.store.StoreWork;

/**
 * How the plugin record service writes and reads: through the command service, which holds the access control and
 * this device's chain, so a plugin's operations are checked, hash-chained and refused exactly as a command is.
 */
public interface PluginLedger {

    /**
     * Runs {@code work} in one write transaction after the access control allowed {@code permission}; a refusal
     * records one {@code audit.access.denied} operation naming {@code what}, commits it, and is thrown.
     */
    <T> T write(Actor actor, String permission, String what, Work<T> work);

    /** Runs {@code work} in one read transaction after the access control allowed {@code permission}. */
    <T> T read(Actor actor, String permission, String read, Map<String, ?> asked, StoreWork<T> work);

    /** Work in a checked write transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Writer writer) throws SQLException;
    }

    /** Appends operations to this device's chain as the checked user, each applied to the projections at once. */
    interface Writer {

        StoreTransaction tx();

        /** A new entity id (UUIDv7). */
        String newId();

        OpEnvelope emit(String entityType, String entityId, String opType, String payload) throws SQLException;
    }
}
