package org.salus.sync.mqtt.internal;

import org.salus.sync.wire.SyncLimits;
import org.salus.sync.wire.SyncTopics;

/** The engine's settings as plain values, checked. */
record SyncSettings(String hubUrl, String clinicId, String deviceId, char[] secret, int pushBatchOps, int pageOps, long pollMillis,
        long answerWaitMillis, long retryMinMillis, long retryMaxMillis, long resyncMillis, long rejectRetryMillis) {

    SyncSettings {
        if (hubUrl == null || hubUrl.isBlank()) {
            throw new IllegalArgumentException(SyncConfig.PID + ".hubUrl is not set: name the hub's broker, such as tcp://hub:1883");
        }
        hubUrl = hubUrl.trim();
        if (clinicId == null || !SyncTopics.CLINIC_ID.matcher(clinicId).matches()) {
            throw new IllegalArgumentException(SyncConfig.PID + ".clinicId '" + clinicId + "' is not a clinic id (letters, digits, '_')");
        }
        if (deviceId == null || !SyncTopics.DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException(SyncConfig.PID + ".deviceId '" + deviceId + "' is not a device id the hub enrols");
        }
        secret = secret == null ? new char[0] : secret.clone();
        pushBatchOps = clamp(pushBatchOps, SyncLimits.STANDARD.maxPushOps());
        pageOps = clamp(pageOps, SyncLimits.STANDARD.maxPageOps());
        pollMillis = Math.max(10, pollMillis);
        answerWaitMillis = Math.max(100, answerWaitMillis);
        retryMinMillis = Math.max(10, retryMinMillis);
        retryMaxMillis = Math.max(retryMinMillis, retryMaxMillis);
        resyncMillis = Math.max(100, resyncMillis);
        rejectRetryMillis = Math.max(0, rejectRetryMillis);
    }

    static SyncSettings from(SyncConfig c) {
        return new SyncSettings(HubTargets.from(c).urls().get(0), c.clinicId(), c.deviceId(), c._secret() == null ? null : c._secret().toCharArray(),
                c.pushBatchOps(), c.pageOps(), c.pollMillis(), c.answerWaitMillis(), c.retryMinMillis(), c.retryMaxMillis(),
                c.resyncMillis(), c.rejectRetryMillis());
    }

    private static int clamp(int v, int max) {
        return Math.max(1, Math.min(max, v));
    }

    /** The MQTT client id: the hub's broker wants it to start with the clinic id and a '-'. */
    String clientId() {
        return clinicId + "-" + deviceId;
    }

    @Override
    public String toString() {
        return "SyncSettings[" + hubUrl + ", clinic " + clinicId + ", device " + deviceId + "]";
    }
}
