package org.salus.core.access;

/** The caller's session cannot act: it is unknown (forged or ended), expired, locked, or must change its password first. */
public class SessionRefusedException extends AccessRefusedException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the session. */
    public enum Problem {
        /** No session with this handle is open on this device: it was never opened here, it ended, or it is forged. */
        UNKNOWN,
        /** The session is older than the longest session allowed; log in again. */
        EXPIRED,
        /** The session is locked (idle too long, or locked by its user); unlock it with the same user's password. */
        LOCKED,
        /** The user must set a new password before doing anything else. */
        PASSWORD_CHANGE_REQUIRED,
        /** The user's account is disabled or locked out. */
        ACCOUNT_DISABLED
    }

    private final Problem problem;
    private final String userId;

    /**
     * @param problem what is wrong with the session
     * @param userId the session's user when known, else null
     * @param permission the permission that was asked for, or null when the session itself was used (unlock, lock, a
     *        read that needs no particular permission)
     * @param reason what to do, in plain words
     * @param auditOpId the audit operation recording the refusal
     */
    public SessionRefusedException(Problem problem, String userId, String permission, String reason, String auditOpId) {
        super((permission == null ? "Refused: " : "Refused " + permission + ": ") + reason, permission, auditOpId);
        this.problem = problem;
        this.userId = userId;
    }

    /** What is wrong with the session. */
    public Problem problem() {
        return problem;
    }

    /** The session's user, or null when the session belongs to nobody known. */
    public String userId() {
        return userId;
    }
}
