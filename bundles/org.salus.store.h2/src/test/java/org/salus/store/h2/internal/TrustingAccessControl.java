package org.salus.store.h2.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.salus.core.access.AccessControl;
import org.salus.core.access.AccessDecision;
import org.salus.core.access.AccessRecords;
import org.salus.core.command.Actor;

/**
 * An access control for the store's tests only: it takes a session handle for the user id it names and allows
 * everything, except permissions a test withdraws. The real one (org.salus.security) verifies sessions.
 */
final class TrustingAccessControl implements AccessControl {

    private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();

    void withdraw(String permission) {
        withdrawn.add(permission);
    }

    /** The permissions withdrawn now; clear it to allow everything again. */
    Set<String> withdrawn() {
        return withdrawn;
    }

    @Override
    public AccessDecision decide(Actor actor, String permission, AccessRecords records) {
        if (withdrawn.contains(permission)) {
            return AccessDecision.deny(actor.session(), actor.session(), "the test withdrew " + permission);
        }
        return AccessDecision.allow(actor.session(), actor.session());
    }

    @Override
    public AccessDecision decideSession(Actor actor, AccessRecords records) {
        return AccessDecision.allow(actor.session(), actor.session());
    }
}
