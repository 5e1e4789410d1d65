package org.salus.hub.internal.sync;

/** Whether a device may sync for a clinic at this hub: it is enrolled there and not revoked. */
@FunctionalInterface
interface DeviceCheck {

    boolean enrolledFor(String deviceId, String clinicId);
}
