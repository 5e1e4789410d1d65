package org.salus.core.access;

import org.osgi.annotation.versioning.ConsumerType;
import org.salus.core.command.Actor;

/**
 * Decides whether the subject behind an {@link Actor} may do what a permission names. The core asks it for every
 * command, inside the command's store transaction, and refuses every command while none is running. A security bundle
 * provides it; the highest-ranked one is used.
 */
@ConsumerType
public interface AccessControl {

    /**
     * Decides one permission for one actor. Called inside the transaction of the command about to be recorded, so
     * {@code records} shows the users and roles as they are now (including those received from other devices).
     * A decision that is not {@link AccessDecision#allowed() allowed} makes the core record the refusal as an audit
     * operation, and nothing else, and throw {@link PermissionDeniedException} or {@link SessionRefusedException}.
     */
    AccessDecision decide(Actor actor, String permission, AccessRecords records);

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
