package org.salus.sync.hub;

import java.util.List;

import org.salus.core.op.OpEnvelope;

/**
 * Operations of one clinic from {@link HubLog#page}.
 *
 * @param ops in ascending serverSeq, each with serverSeq and receivedAt
 * @param more whether the log holds more operations of the clinic after the last one
 */
public record HubPage(List<OpEnvelope> ops, boolean more) {

    public HubPage {
        ops = List.copyOf(ops);
    }

    /** The serverSeq of the last operation, or {@code cursor} when the page is empty. */
    public long cursorAfter(long cursor) {
        return ops.isEmpty() ? cursor : ops.get(ops.size() - 1).serverSeq();
    }
}
