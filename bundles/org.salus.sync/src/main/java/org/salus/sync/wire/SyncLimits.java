package org.salus.sync.wire;

/**
 * How large a message may be. A bigger message is refused with {@link RejectReason#TOO_LARGE}.
 *
 * @param maxMessageBytes the largest message, in bytes of UTF-8
 * @param maxPushOps the most operations in one push
 * @param maxPageOps the largest pull limit, and the most operations in one page or feed
 * @param maxPayloadChars the longest payload of one operation, in characters
 */
public record SyncLimits(int maxMessageBytes, int maxPushOps, int maxPageOps, int maxPayloadChars) {

    /** The limits of wire format v1: 2 MiB, 500 operations a push, 1000 a page, payloads of 256 Ki characters. */
    public static final SyncLimits STANDARD = new SyncLimits(2 * 1024 * 1024, 500, 1000, 256 * 1024);

    public SyncLimits {
        if (maxMessageBytes < 1024 || maxPushOps < 1 || maxPageOps < 1 || maxPayloadChars < 2) {
            throw new IllegalArgumentException("limits too small: " + maxMessageBytes + " bytes, " + maxPushOps + " ops a push, "
                    + maxPageOps + " ops a page, " + maxPayloadChars + " payload characters");
        }
    }

    /** These limits with another largest message. */
    public SyncLimits withMaxMessageBytes(int bytes) {
        return new SyncLimits(bytes, maxPushOps, maxPageOps, maxPayloadChars);
    }
}
