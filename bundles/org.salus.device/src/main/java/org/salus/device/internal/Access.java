package org.salus.device.internal;

import org.salus.core.access.PermissionDeniedException;
import org.salus.core.access.SessionRefusedException;
import org.salus.core.command.Actor;
import org.salus.security.Authentication;
import org.salus.security.Session;
import org.salus.security.SessionState;

/** The permission check of every change this bundle makes: the session as the security service sees it now. */
final class Access {

    private Access() {
    }

    static Session require(Authentication auth, Actor actor, String permission) {
        if (actor == null) {
            throw new SessionRefusedException(SessionRefusedException.Problem.UNKNOWN, null, permission, "nobody is logged in", null);
        }
        Session s = auth.session(actor);
        if (s.state() != SessionState.ACTIVE) {
            throw new SessionRefusedException(SessionRefusedException.Problem.LOCKED, s.userId(), permission,
                    "the session of " + s.username() + " is locked; unlock it first", null);
        }
        if (!s.grants(permission)) {
            throw new PermissionDeniedException(s.userId(), s.username(), permission, "none of the roles " + String.join(", ", s.roleIds())
                    + " grants it", null);
        }
        return s;
    }
}
