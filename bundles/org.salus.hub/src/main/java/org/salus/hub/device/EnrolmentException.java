package org.salus.hub.device;

/** Why a pairing code, an enrolment request or an administrator's decision was refused. */
public class EnrolmentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, so a caller can react without reading the message. */
    public enum Reason {
        /** No open pairing code is this one (never issued, or already used). */
        UNKNOWN_CODE,
        /** The code was issued but its time is up. */
        EXPIRED_CODE,
        /** Too many wrong codes came from this address lately; it must wait before it tries again. */
        TOO_MANY_ATTEMPTS,
        /** A device or clinic id breaks the rules of {@link DeviceRegistry#enrol}. */
        INVALID_ID,
        /** A device with this id is enrolled already (or another request for it is waiting). */
        ALREADY_ENROLLED,
        /** No request has this id, or the key that goes with it is wrong. */
        UNKNOWN_REQUEST,
        /** The request was decided already, or its credentials were collected already. */
        ALREADY_DECIDED,
        /** The registry could not save the device. */
        STORAGE
    }

    private final Reason reason;

    public EnrolmentException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
