package org.salus.sync.wire;

/**
 * A device asks for its clinic's operations after a cursor ({@code salus/v1/{clinicId}/pull/{deviceId}}, with the
 * MQTT 5 response topic {@code salus/v1/{clinicId}/pull-reply/{deviceId}} and correlation data).
 *
 * @param cursor the last serverSeq the device has applied, 0 at first
 * @param limit the most operations wanted, 1 to {@link SyncLimits#maxPageOps()}
 */
public record PullRequest(long cursor, int limit) implements SyncMessage {

    public static final String TYPE = "pull";

    public PullRequest {
        if (cursor < 0) {
            throw new IllegalArgumentException("cursor is 0 or more: " + cursor);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit is 1 or more: " + limit);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
