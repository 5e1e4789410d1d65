package org.salus.core.access;

import org.salus.core.command.CommandException;

/**
 * Something was refused because of who asked: nothing of it was done, and the refusal itself was recorded as an
 * audit operation ({@link #auditOpId()}).
 */
public abstract class AccessRefusedException extends CommandException {

    private static final long serialVersionUID = 1L;

    private final String permission;
    private final String auditOpId;

    protected AccessRefusedException(String message, String permission, String auditOpId) {
        super(message);
        this.permission = permission;
        this.auditOpId = auditOpId;
    }

    /**
     * The permission that was asked for ({@code stock.receive}), or null when only a usable session was (a read of
     * stock, an unlock).
     */
    public String permission() {
        return permission;
    }

    /** The id of the audit operation that records the refusal, or null when it could not be recorded. */
    public String auditOpId() {
        return auditOpId;
    }
}
