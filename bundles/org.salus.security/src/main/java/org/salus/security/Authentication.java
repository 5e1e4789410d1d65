package org.salus.security;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.command.Actor;

/**
 * Logging in on this device. A device holds one session at a time: it locks after a configured idle time (60 minutes
 * by default), only the same user's password unlocks it, and switching user means locking it, then logging in as the
 * other user (which ends the locked session). Logins, failures, lockouts, unlocks and password changes are recorded
 * as operations.
 * <p>
 * Errors: {@link LoginRefusedException} for a refused login or unlock,
 * {@link org.salus.core.access.SessionRefusedException} for an actor whose session is unknown, ended or expired,
 * {@link org.salus.core.command.InvalidInputException} for a field (a new password too short),
 * {@link SecurityUnavailableException} while the clinic data core is not running.
 */
@ProviderType
public interface Authentication {

    /**
     * Prepares a new clinic: seeds the default roles if there are none and, when no user exists, creates the setup
     * administrator with a random one-time password. Returns it this once; later calls (and calls on a clinic that has
     * users) return empty.
     */
    Optional<SetupAccount> firstRun();

    /**
     * Logs a user in and opens this device's session. Failed attempts are slowed down exponentially and lock the
     * account after the configured number; while the hub cannot be reached only users who logged in on this device
     * before may log in. The password array is wiped.
     *
     * @throws LoginRefusedException when refused (wrong credentials, too soon, locked out, disabled, offline, another
     *         user's session active)
     */
    Session login(String username, char[] password);

    /**
     * Sets a new password for the session's user (required at the first login of the setup account and after a
     * reset). The current password is checked like a login; both arrays are wiped.
     */
    Session changePassword(Actor actor, char[] currentPassword, char[] newPassword);

    /** Locks the session now (leaving the workstation, or before switching user). */
    Session lock(Actor actor);

    /**
     * Unlocks a locked session with the same user's password; a wrong password counts as a failed login. The
     * password array is wiped.
     */
    Session unlock(Actor actor, char[] password);

    /** Ends the session; its actor is refused from now on. */
    void logout(Actor actor);

    /** The session's current state (it may have locked since the last look); does not count as activity. */
    Session session(Actor actor);

    /** Counts as activity (the user is working in the UI without recording anything); refused when locked. */
    Session touch(Actor actor);

    /** The session open on this device, locked or not, for the lock screen; empty when nobody is logged in. */
    Optional<Session> current();

    /** Whether the device counts as offline now: no hub reachability service, or it says the hub cannot be reached. */
    boolean offline();
}
