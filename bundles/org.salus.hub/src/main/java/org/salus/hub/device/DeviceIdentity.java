package org.salus.hub.device;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A device enrolled with the hub.
 *
 * @param deviceId   the device's id, also its MQTT user name
 * @param clinicId   the clinic the device belongs to; it may use the topics {@code salus/v1/<clinicId>/...} and
 *                   its MQTT client ids start with {@code <clinicId>-}
 * @param enrolledAt when the current secret was issued
 * @param secret     the secret, only in the value {@link DeviceRegistry#enrol} returns; an empty array everywhere else
 */
public record DeviceIdentity(String deviceId, String clinicId, Instant enrolledAt, char[] secret) {

    private static final char[] NONE = new char[0];

    public DeviceIdentity {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(clinicId, "clinicId");
        Objects.requireNonNull(enrolledAt, "enrolledAt");
        secret = secret == null || secret.length == 0 ? NONE : secret.clone();
    }

    /** A device known to the registry, without its secret. */
    public DeviceIdentity(String deviceId, String clinicId, Instant enrolledAt) {
        this(deviceId, clinicId, enrolledAt, null);
    }

    /** @return a copy of the secret; empty unless this value came from {@link DeviceRegistry#enrol} */
    @Override
    public char[] secret() {
        return secret.length == 0 ? NONE : secret.clone();
    }

    /** @return whether this value carries the secret issued at enrolment */
    public boolean hasSecret() {
        return secret.length > 0;
    }

    /** @return the same device without its secret */
    public DeviceIdentity withoutSecret() {
        return new DeviceIdentity(deviceId, clinicId, enrolledAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceIdentity d && deviceId.equals(d.deviceId) && clinicId.equals(d.clinicId)
                && enrolledAt.equals(d.enrolledAt) && Arrays.equals(secret, d.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, clinicId, enrolledAt);
    }

    /** Never shows the secret, so a device can be logged safely. */
    @Override
    public String toString() {
        return "DeviceIdentity[deviceId=" + deviceId + ", clinicId=" + clinicId + ", enrolledAt=" + enrolledAt
                + (hasSecret() ? ", secret=(issued)" : "") + "]";
    }
}
