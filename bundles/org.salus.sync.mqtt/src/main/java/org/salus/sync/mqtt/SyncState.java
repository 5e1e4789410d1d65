package org.salus.sync.mqtt;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the sync engine of one device knows at one moment.
 *
 * @param clinicId the clinic
 * @param deviceId this device
 * @param connected whether the engine is connected to the hub's broker now
 * @param lastSuccessfulSync when a round last pushed everything it could and pulled to the hub's end, or null
 * @param backlog this device's operations the hub has not acknowledged yet
 * @param ackedDeviceSeq the last deviceSeq of this device the hub acknowledged
 * @param cursor the last serverSeq applied here from the hub
 * @param lastError the last problem, in one sentence for a person, or null when the last round succeeded
 * @param rejected the operations of this device the hub refused and still holds back (oldest first); while one is
 *        listed, the operations after it wait here, since each links to the one before it
 * @param hubDuplicates how many pushed operations the hub reported it already held (a push repeated after a
 *        reconnect), since the engine started
 * @param refusedMessages how many messages from the hub (feed messages, pages) were not applied because they were
 *        unreadable or held an operation that does not fit its device's chain, since the engine started
 * @param lastRefusal why the last of those was not applied, or null; unlike {@code lastError} it stays after a good round
 * @param hubUrl the hub target (one of the configured {@code hubUrls}) connected to now, or null while not connected
 */
public record SyncState(String clinicId, String deviceId, boolean connected, Instant lastSuccessfulSync, long backlog,
        long ackedDeviceSeq, long cursor, String lastError, List<RejectedOp> rejected, long hubDuplicates, long refusedMessages,
        String lastRefusal, String hubUrl) {

    /** A state that does not name the hub target (as before ordered targets). */
    public SyncState(String clinicId, String deviceId, boolean connected, Instant lastSuccessfulSync, long backlog, long ackedDeviceSeq,
            long cursor, String lastError, List<RejectedOp> rejected, long hubDuplicates, long refusedMessages, String lastRefusal) {
        this(clinicId, deviceId, connected, lastSuccessfulSync, backlog, ackedDeviceSeq, cursor, lastError, rejected, hubDuplicates,
                refusedMessages, lastRefusal, null);
    }

    public SyncState {
        Objects.requireNonNull(clinicId, "clinicId");
        Objects.requireNonNull(deviceId, "deviceId");
        rejected = List.copyOf(rejected);
    }
}
