package org.salus.core.internal.command;

/**
 * The device settings as plain values, for construction outside OSGi.
 *
 * @param clinicId the clinic
 * @param deviceId this device's id, or empty to generate one and keep it in the store
 * @param storeWaitMillis how long a call waits for a store
 * @param maxClockSkewMillis how far ahead a received clock reading may be
 */
public record DeviceSettings(String clinicId, String deviceId, long storeWaitMillis, long maxClockSkewMillis) {

    public DeviceSettings {
        if (clinicId == null || clinicId.isBlank()) {
            throw new IllegalArgumentException(DeviceConfig.PID + ".clinicId must not be empty");
        }
        deviceId = deviceId == null ? "" : deviceId.trim();
        if (storeWaitMillis < 0) {
            throw new IllegalArgumentException(DeviceConfig.PID + ".storeWaitMillis must be 0 or more: " + storeWaitMillis);
        }
    }

    /** Settings for a clinic with a generated device id and the default waits. */
    public static DeviceSettings of(String clinicId) {
        return new DeviceSettings(clinicId, "", 5000, 3_600_000);
    }

    public static DeviceSettings from(DeviceConfig c) {
        return new DeviceSettings(c.clinicId(), c.deviceId(), c.storeWaitMillis(), c.maxClockSkewMillis());
    }
}
