package org.salus.core.op;

import java.time.Instant;

/**
 * A search of the op log: every filter that is not null must match; results come newest first (by HLC) in pages.
 *
 * @param entityType only operations on this entity type
 * @param entityId only operations on this entity (with or without entityType)
 * @param userId only operations by this user
 * @param deviceId only operations written on this device
 * @param opType only operations of this type ({@code stock.dispense})
 * @param from only operations with deviceTime at or after this instant
 * @param to only operations with deviceTime before this instant
 * @param before only operations after this point in the newest-first order: the opaque {@link OpPage#nextCursor()} of the
 *        previous page
 * @param limit page size, 1 to {@value #MAX_LIMIT}
 */
public record OpQuery(String entityType, String entityId, String userId, String deviceId, String opType, Instant from,
        Instant to, String before, int limit) {

    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    public OpQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("page size must be 1 to " + MAX_LIMIT + ": " + limit);
        }
    }

    /** All operations, newest first, 50 a page. */
    public static OpQuery all() {
        return new OpQuery(null, null, null, null, null, null, null, null, 50);
    }

    public OpQuery entity(String type, String id) {
        return new OpQuery(type, id, userId, deviceId, opType, from, to, before, limit);
    }

    public OpQuery user(String id) {
        return new OpQuery(entityType, entityId, id, deviceId, opType, from, to, before, limit);
    }

    public OpQuery device(String id) {
        return new OpQuery(entityType, entityId, userId, id, opType, from, to, before, limit);
    }

    public OpQuery type(String newOpType) {
        return new OpQuery(entityType, entityId, userId, deviceId, newOpType, from, to, before, limit);
    }

    public OpQuery between(Instant newFrom, Instant newTo) {
        return new OpQuery(entityType, entityId, userId, deviceId, opType, newFrom, newTo, before, limit);
    }

    public OpQuery olderThan(String cursor) {
        return new OpQuery(entityType, entityId, userId, deviceId, opType, from, to, cursor, limit);
    }

    public OpQuery pageSize(int size) {
        return new OpQuery(entityType, entityId, userId, deviceId, opType, from, to, before, size);
    }
}
