package org.salus.hub.internal.device;

import java.time.Instant;

import org.salus.hub.device.DeviceIdentity;

/** One line of the registry file: a device, its clinic, the hash of its secret and, once revoked, when. */
record DeviceRecord(String deviceId, String clinicId, Instant enrolledAt, Instant revokedAt, SecretHash secretHash) {

    boolean revoked() {
        return revokedAt != null;
    }

    DeviceRecord revokeAt(Instant when) {
        return new DeviceRecord(deviceId, clinicId, enrolledAt, when, secretHash);
    }

    DeviceIdentity identity() {
        return new DeviceIdentity(deviceId, clinicId, enrolledAt);
    }
}
