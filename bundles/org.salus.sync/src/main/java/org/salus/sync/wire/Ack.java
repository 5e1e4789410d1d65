package org.salus.sync.wire;

import java.util.List;
import java.util.Objects;

/**
 * The hub's answer to a push ({@code salus/v1/{clinicId}/ack/{deviceId}}, QoS 1); also its answer to a pull it
 * refuses, sent to the pull's response topic.
 *
 * @param batchId the push's batch id, or null when the message was unreadable before it (or was a pull)
 * @param deviceId the device
 * @param ackedDeviceSeq the highest deviceSeq of the device that the hub holds with an unbroken chain; the device
 *        pushes again from the one after it
 * @param accepted how many operations of the batch the hub stored now
 * @param duplicates how many it already held (a redelivered batch)
 * @param rejects the operations (or the message) it refused, with the reasons
 */
public record Ack(String batchId, String deviceId, long ackedDeviceSeq, int accepted, int duplicates, List<Reject> rejects)
        implements SyncMessage {

    public static final String TYPE = "ack";

    public Ack {
        Objects.requireNonNull(deviceId, "deviceId");
        if (ackedDeviceSeq < 0 || accepted < 0 || duplicates < 0) {
            throw new IllegalArgumentException("ackedDeviceSeq, accepted and duplicates are 0 or more");
        }
        rejects = List.copyOf(rejects);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
