package org.salus.hub.device;

import java.time.Instant;
import java.util.Objects;

/**
 * A device's request to join a clinic, made with a valid pairing code and waiting for an administrator.
 *
 * @param requestId what the administrator approves or denies, and what the device asks about
 * @param deviceId the id the device asks for
 * @param clinicId the clinic of the pairing code it used
 * @param deviceName what the device calls itself (a host name, a ward), for the administrator to recognise it
 * @param from the network address it asked from
 * @param requestedAt when it asked
 * @param state where the request stands
 */
public record EnrolmentRequest(String requestId, String deviceId, String clinicId, String deviceName, String from, Instant requestedAt, State state) {

    /** Where a request stands. */
    public enum State {
        /** Waiting for an administrator. */
        PENDING,
        /** Approved: the device is enrolled; its credentials wait until it collects them, once. */
        APPROVED,
        /** Approved, and the device has collected its credentials. */
        COLLECTED,
        /** Denied by an administrator. */
        DENIED
    }

    public EnrolmentRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(clinicId, "clinicId");
        Objects.requireNonNull(deviceName, "deviceName");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(state, "state");
    }
}
