package org.salus.hub.device;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How a new device joins the hub: an administrator opens a pairing code for a clinic; the device asks to join with
 * that code, its device id and a name; the administrator sees the request and approves or denies it; on approval the
 * device is enrolled in the {@link DeviceRegistry} and collects its secret, once. A code is good for one request and
 * for a limited time, and wrong codes from one address are slowed down and then refused for a while.
 */
@ProviderType
public interface EnrolmentDesk {

    /** Opens a pairing code for a clinic. @throws EnrolmentException INVALID_ID for a clinic id that breaks the rules */
    PairingCode openPairing(String clinicId);

    /**
     * A device asks to join with a pairing code. The code is used up by this, whatever the administrator decides.
     *
     * @param from the network address the request came from (wrong codes are counted per address)
     * @return the request, and the key with which the device collects its credentials ({@link Submitted#key()}),
     *         which is not kept in clear
     * @throws EnrolmentException UNKNOWN_CODE, EXPIRED_CODE, TOO_MANY_ATTEMPTS, INVALID_ID or ALREADY_ENROLLED
     */
    Submitted request(String pairingCode, String deviceId, String deviceName, String from);

    /** The requests waiting for an administrator, oldest first. */
    List<EnrolmentRequest> pending();

    /**
     * Enrols the device of a pending request. @throws EnrolmentException UNKNOWN_REQUEST, ALREADY_DECIDED,
     * ALREADY_ENROLLED or STORAGE
     */
    EnrolmentRequest approve(String requestId);

    /** Denies a pending request. @throws EnrolmentException UNKNOWN_REQUEST or ALREADY_DECIDED */
    EnrolmentRequest deny(String requestId);

    /**
     * What a device learns when it asks about its request with the key it got.
     *
     * @return the request as it stands, and the device's identity with its secret exactly once after approval
     * @throws EnrolmentException UNKNOWN_REQUEST for an unknown request or a wrong key
     */
    Status status(String requestId, char[] key);

    /** A request just made, with the key that lets its device collect the credentials. */
    record Submitted(EnrolmentRequest request, char[] key) {
    }

    /** A request as it stands, with the credentials the first time they are asked for after approval. */
    record Status(EnrolmentRequest request, Optional<DeviceIdentity> credentials) {
    }
}
