package org.salus.core.access;

import org.osgi.annotation.versioning.ConsumerType;
import org.salus.core.command.Actor;

/**
 * Decides whether the subject behind an {@link Actor} may do what a permission names. The core asks it for every
 * command, inside the command's store transaction, and for every read of clinic data and of the audit trail, inside
 * the read's transaction; it refuses both while none is running. A security bundle provides it; the highest-ranked one
 * is used.
 */
@ConsumerType
public interface AccessControl {

    /**
     * Decides one permission for one actor. Called inside the transaction of the command about to be recorded, or of
     * the read about to be answered, so {@code records} shows the users and roles as they are now (including those
     * received from other devices). A decision that is not {@link AccessDecision#allowed() allowed} makes the core
     * record the refusal as an audit operation, and nothing else, and throw {@link PermissionDeniedException} or
     * {@link SessionRefusedException}.
     *
     * @param permission the permission asked for; never null
     */
    AccessDecision decide(Actor actor, String permission, AccessRecords records);

    /**
     * Decides whether the actor's session may act at all, for a read that needs no particular permission (the stock
     * every signed-in role may look at): the session is known, neither ended, expired nor locked, needs no password
     * change, and its user's account is enabled. Like {@link #decide}, it is called inside the read's transaction,
     * counts as activity of the session, and a refusal is recorded and thrown by the core.
     * <p>
     * The default refuses, so an access control that does not check sessions on their own lets nothing through.
     *
     * @since 1.1
     */
    default AccessDecision decideSession(Actor actor, AccessRecords records) {
        return AccessDecision.refuseSession(SessionRefusedException.Problem.UNKNOWN, null, null, "the access control "
                + getClass().getName() + " cannot check a session without a permission; ask for a newer security bundle");
    }

    /**
     * The core hands over the ledger through which this access control records users, roles and authentication
     * events as operations. Called when the core binds this access control; the ledger stays valid until
     * {@link #detach(AccessLedger)}.
     */
    default void attach(AccessLedger ledger) {
    }

    /** The ledger handed over by {@link #attach(AccessLedger)} is no longer valid. */
    default void detach(AccessLedger ledger) {
    }
}
