package org.salus.hub.monitor;

import java.time.Instant;
import java.util.Objects;

/**
 * How one device syncs with this hub, as the hub has seen it since it started.
 *
 * @param deviceId the device
 * @param clinicId its clinic
 * @param lastPush when the hub last answered a push of the device, or null
 * @param lastPull when the hub last answered a pull of the device, or null
 * @param ackedDeviceSeq the device's highest operation the hub holds with an unbroken chain (0: none seen yet)
 * @param pullCursor the serverSeq the device has pulled up to (0: none seen yet)
 * @param backlog how many of its clinic's operations the device has not pulled yet, as far as the hub knows
 * @param lastError the last refusal or rejected operation of the device, in words, or null
 * @param lastErrorAt when that was, or null
 * @param clockSkewMillis the device's clock minus the hub's at its last message, when the device sent its time
 *        (MQTT 5 user property {@code sent-at}); null when unknown
 */
public record DeviceSyncStatus(String deviceId, String clinicId, Instant lastPush, Instant lastPull, long ackedDeviceSeq, long pullCursor,
        long backlog, String lastError, Instant lastErrorAt, Long clockSkewMillis) {

    public DeviceSyncStatus {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(clinicId, "clinicId");
    }

    /** @return the later of the last push and the last pull, or null when the device has not synced */
    public Instant lastSync() {
        if (lastPush == null) {
            return lastPull;
        }
        return lastPull == null || lastPush.isAfter(lastPull) ? lastPush : lastPull;
    }
}
