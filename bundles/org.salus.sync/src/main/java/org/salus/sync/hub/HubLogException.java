package org.salus.sync.hub;

/** The hub log could not do what it was asked; nothing was stored. The message names the store and what failed. */
public class HubLogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of failure, so a caller can tell a retry from a repair. */
    public enum Reason {
        /** The store is closed or not reachable; try again later. */
        UNAVAILABLE,
        /** Another transaction held a lock too long, or a conflict aborted this one; try again. */
        BUSY,
        /** Reading or writing failed in a way a retry will not fix (disk full, damaged data). */
        STORAGE
    }

    private final Reason reason;

    public HubLogException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
