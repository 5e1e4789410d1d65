package org.salus.sync.wire;

import java.util.List;
import java.util.Objects;

import org.salus.core.op.OpEnvelope;

/**
 * A device's batch of operations it has not seen acknowledged yet, in ascending deviceSeq
 * ({@code salus/v1/{clinicId}/push/{deviceId}}, QoS 1).
 *
 * @param batchId a UUID the device chose, echoed in the {@link Ack}
 * @param clinicId the device's clinic
 * @param deviceId the device
 * @param ops at most {@link SyncLimits#maxPushOps()} operations
 */
public record PushBatch(String batchId, String clinicId, String deviceId, List<OpEnvelope> ops) implements SyncMessage {

    public static final String TYPE = "push";

    public PushBatch {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(clinicId, "clinicId");
        Objects.requireNonNull(deviceId, "deviceId");
        ops = List.copyOf(ops);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
