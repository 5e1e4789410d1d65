package org.salus.hub.device;

/** Why the registry refused to enrol or revoke a device, or could not save what it was asked to. */
public class DeviceRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, so a caller can react without reading the message. */
    public enum Reason {
        /** A device or clinic id breaks the rules of {@link DeviceRegistry#enrol}. */
        INVALID_ID,
        /** The device is enrolled and not revoked; revoke it first to issue a new secret. */
        ALREADY_ENROLLED,
        /** No device with this id was ever enrolled. */
        UNKNOWN_DEVICE,
        /** The registry file could not be read or written. */
        STORAGE
    }

    private final Reason reason;
    private final String deviceId;

    public DeviceRegistryException(Reason reason, String deviceId, String message) {
        this(reason, deviceId, message, null);
    }

    public DeviceRegistryException(Reason reason, String deviceId, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.deviceId = deviceId;
    }

    public Reason reason() {
        return reason;
    }

    /** @return the device concerned, or null when the error is not about one device */
    public String deviceId() {
        return deviceId;
    }
}
