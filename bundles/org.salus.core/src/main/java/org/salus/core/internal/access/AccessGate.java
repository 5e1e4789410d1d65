package org.salus.core.internal.access;

import java.util.Map;

import org.salus.core.access.AccessControl;
import org.salus.core.access.AccessDecision;
import org.salus.core.access.AccessRefusedException;
import org.salus.core.command.Actor;
import org.salus.core.store.StoreTransaction;

/**
 * The check every read of clinic data and of the audit trail goes through: the same {@link AccessControl}, the same
 * session checks and the same refusal records as a command. The command service provides it, because it holds the
 * access control and writes this device's chain; the query and audit services cannot be made without it.
 */
public interface AccessGate {

    /**
     * Decides inside the reader's own read transaction, so the roles that allow a read are those of the data it returns.
     *
     * @param permission the permission the read needs, or null when it needs only a usable session
     * @return the decision, never null
     * @throws org.salus.core.access.AccessControlUnavailableException when no access control is running
     */
    AccessDecision decide(Actor actor, String permission, StoreTransaction tx);

    /**
     * Records a refused read as one audit operation ({@code audit.access.denied}) in a write transaction of its own,
     * exactly as a refused command is recorded, and returns the typed exception to throw.
     *
     * @param refused the decision that was not allowed
     * @param permission the permission asked for, or null for a read that needs only a usable session
     * @param read what was read ({@code ClinicQueries.findPatients})
     * @param asked the read's arguments by name, as the audit record keeps them
     */
    AccessRefusedException refusal(AccessDecision refused, String permission, String read, Map<String, ?> asked);
}
