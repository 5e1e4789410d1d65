package org.salus.core.access;

/** A logged-in user asked for something none of their roles allows. */
public class PermissionDeniedException extends AccessRefusedException {

    private static final long serialVersionUID = 1L;

    private final String userId;
    private final String userName;

    /**
     * @param userId the user's id
     * @param userName the user's login name
     * @param permission the permission the user lacks
     * @param reason why, in plain words ("none of the roles clinician grants it")
     * @param auditOpId the audit operation recording the denial
     */
    public PermissionDeniedException(String userId, String userName, String permission, String reason, String auditOpId) {
        super("User '" + (userName == null ? userId : userName) + "' may not do " + permission + ": " + reason
                + ". Ask an administrator for a role that grants " + permission + ".", permission, auditOpId);
        this.userId = userId;
        this.userName = userName;
    }

    /** The user's id. */
    public String userId() {
        return userId;
    }

    /** The user's login name. */
    public String userName() {
        return userName;
    }
}
