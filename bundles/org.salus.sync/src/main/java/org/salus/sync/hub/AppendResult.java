package org.salus.sync.hub;

import java.util.List;
import java.util.Objects;

import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.sync.wire.Reject;

/**
 * What {@link HubLog#append} did with a batch.
 *
 * @param head the device's last held operation after the append
 * @param accepted the operations stored now, with their serverSeq and receivedAt, in ascending serverSeq
 * @param duplicates how many operations of the batch the hub already held
 * @param rejects the refused operations, in batch order
 */
public record AppendResult(ChainHead head, List<OpEnvelope> accepted, int duplicates, List<Reject> rejects) {

    public AppendResult {
        Objects.requireNonNull(head, "head");
        accepted = List.copyOf(accepted);
        rejects = List.copyOf(rejects);
    }

    /** The highest deviceSeq of the device held with an unbroken chain: what the ack reports. */
    public long ackedDeviceSeq() {
        return head.seq();
    }
}
