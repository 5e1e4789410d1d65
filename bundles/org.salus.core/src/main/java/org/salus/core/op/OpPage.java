package org.salus.core.op;

import java.util.List;

/**
 * One page of operations, newest first.
 *
 * @param operations the operations of this page
 * @param nextCursor pass to {@link OpQuery#olderThan(String)} for the next page; null when this is the last page
 */
public record OpPage(List<OpEnvelope> operations, String nextCursor) {

    public OpPage {
        operations = List.copyOf(operations);
    }

    /** Whether more pages follow. */
    public boolean hasMore() {
        return nextCursor != null;
    }
}
