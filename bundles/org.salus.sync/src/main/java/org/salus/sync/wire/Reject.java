package org.salus.sync.wire;

import java.util.Objects;

/**
 * One refusal in an {@link Ack}.
 *
 * @param opId the refused operation, or null when the refusal concerns the whole message
 * @param deviceSeq the refused operation's deviceSeq, or 0 when the refusal concerns the whole message
 * @param reason why
 * @param detail one sentence for a person: which field, which sequence number, what the hub holds instead
 */
public record Reject(String opId, long deviceSeq, RejectReason reason, String detail) {

    public Reject {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        if (deviceSeq < 0) {
            throw new IllegalArgumentException("deviceSeq is 0 or more: " + deviceSeq);
        }
    }

    /** A refusal of the whole message. */
    public static Reject ofMessage(RejectReason reason, String detail) {
        return new Reject(null, 0, reason, detail);
    }
}
