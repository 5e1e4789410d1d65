package org.salus.sync.wire;

import java.util.List;

import org.salus.core.op.OpEnvelope;

/**
 * The hub's reply to a pull: operations of the clinic in ascending serverSeq, each with its serverSeq and receivedAt.
 *
 * @param ops the operations after the request's cursor
 * @param cursor the serverSeq of the last operation of this page, or the request's cursor when the page is empty
 * @param more whether the hub holds more operations after this page
 */
public record Page(List<OpEnvelope> ops, long cursor, boolean more) implements SyncMessage {

    public static final String TYPE = "page";

    public Page {
        ops = List.copyOf(ops);
        if (cursor < 0) {
            throw new IllegalArgumentException("cursor is 0 or more: " + cursor);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
