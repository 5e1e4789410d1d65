package org.salus.sync.wire;

import java.util.List;

import org.salus.core.op.OpEnvelope;

/**
 * Operations the hub has just accepted, fanned out to the clinic's online devices ({@code salus/v1/{clinicId}/feed},
 * QoS 1), each with its serverSeq and receivedAt. A device that misses one repairs the gap with a pull.
 *
 * @param ops in ascending serverSeq
 */
public record Feed(List<OpEnvelope> ops) implements SyncMessage {

    public static final String TYPE = "feed";

    public Feed {
        ops = List.copyOf(ops);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
