package org.salus.hub.internal.sync;

import java.time.Instant;
import java.util.List;

import org.salus.sync.wire.Reject;

/** Where the sync service reports what it answered; {@link SyncMetrics} keeps it for {@code SyncMonitor}. */
interface SyncRecorder {

    /** What kind of message was answered. */
    enum Kind {
        PUSH, PULL
    }

    /**
     * A push was stored and acked.
     *
     * @param newestServerSeq the highest serverSeq the push added, or 0 when it added none
     */
    void pushed(String clinicId, String deviceId, int accepted, int duplicates, List<Reject> rejects, long ackedDeviceSeq, long newestServerSeq);

    /**
     * A pull was answered.
     *
     * @param cursor the cursor of the page sent
     * @param more whether the clinic's log goes on after it
     */
    void pulled(String clinicId, String deviceId, int ops, long cursor, boolean more);

    /** A whole message of a device was refused. */
    void refused(String clinicId, String deviceId, Reject reason);

    /** How long an answer took, from arrival to being handed to the broker; {@code sentAt} is the device's time, or null. */
    void answered(Kind kind, String clinicId, String deviceId, long nanos, Instant sentAt, Instant arrivedAt);

}
