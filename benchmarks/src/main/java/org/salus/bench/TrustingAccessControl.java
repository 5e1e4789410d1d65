package org.salus.bench;

import org.salus.core.access.AccessControl;
import org.salus.core.access.AccessDecision;
import org.salus.core.access.AccessRecords;
import org.salus.core.command.Actor;

/**
 * The access control of the benchmarks: it takes an actor's session handle as the user id it names and allows every
 * permission and every read, so a figure shows the core and the store, not password hashing or role lookups. The real one
 * (org.salus.security) verifies sessions.
 */
public final class TrustingAccessControl implements AccessControl {

    @Override
    public AccessDecision decide(Actor actor, String permission, AccessRecords records) {
        return AccessDecision.allow(actor.session(), actor.session());
    }

    @Override
    public AccessDecision decideSession(Actor actor, AccessRecords records) {
        return AccessDecision.allow(actor.session(), actor.session());
    }
}
