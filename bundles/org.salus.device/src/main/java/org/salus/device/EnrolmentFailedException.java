package org.salus.device;

/** Why this workstation could not join the hub, with what a person can do about it in the message. */
public class EnrolmentFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, so a caller can react without reading the message. */
    public enum Reason {
        /** The hub knows no open pairing code like this one (mistyped, or used already). */
        WRONG_CODE,
        /** The code was right but its time is up: ask the hub's administrator for a new one. */
        EXPIRED_CODE,
        /** The hub refuses codes from here for a while after too many wrong ones. */
        TOO_MANY_ATTEMPTS,
        /** The hub's administrator turned the request away. */
        DENIED,
        /** The hub has a device with this id already. */
        DEVICE_TAKEN,
        /** No decision came within the time given; the request may still be approved later. */
        TIMED_OUT,
        /** The hub could not be reached, or did not answer as a Salus hub does. */
        HUB_UNREACHABLE,
        /** The answer was already collected, or the request is unknown to the hub (it restarted). */
        REQUEST_GONE,
        /** An address, code or name is not well formed. */
        INVALID_INPUT,
        /** The credentials came but could not be kept or the sync engine could not be configured. */
        NOT_SAVED
    }

    private final Reason reason;

    public EnrolmentFailedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public EnrolmentFailedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
