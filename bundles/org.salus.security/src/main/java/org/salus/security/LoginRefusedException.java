package org.salus.security;

import java.time.Instant;

/** A login or unlock was refused; the message says why and what to do, without telling whether a name exists. */
public class LoginRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a login was refused. */
    public enum Reason {
        /** The user name or the password is wrong (the two are not told apart). */
        WRONG_CREDENTIALS,
        /** Too soon after a failed attempt: try again at {@link LoginRefusedException#retryAfter()}. */
        TOO_SOON,
        /** Too many failed attempts locked the account; an administrator unlocks it. */
        LOCKED_OUT,
        /** An administrator disabled the account, or it is the setup account and a real administrator exists. */
        DISABLED,
        /** The hub cannot be reached and this user never logged in on this device. */
        OFFLINE_NOT_CACHED,
        /** Another user's session is open and not locked: lock it first (switching user goes through the lock screen). */
        SESSION_ACTIVE
    }

    private final Reason reason;
    private final String username;
    private final Instant retryAfter;

    /**
     * @param reason why
     * @param username the login name that was tried
     * @param retryAfter when the next attempt is accepted (TOO_SOON), else null
     * @param message what happened and what to do, in plain words
     */
    public LoginRefusedException(Reason reason, String username, Instant retryAfter, String message) {
        super(message);
        this.reason = reason;
        this.username = username;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** The login name that was tried. */
    public String username() {
        return username;
    }

    /** When the next attempt is accepted, or null. */
    public Instant retryAfter() {
        return retryAfter;
    }
}
