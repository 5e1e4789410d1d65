package org.salus.sync.mqtt;

import java.time.Instant;
import java.util.Objects;

/**
 * An operation of this device that the hub refused, kept in the clinic store until the hub accepts it.
 *
 * @param opId the operation
 * @param deviceSeq its place in this device's chain
 * @param reason the hub's reason as on the wire ({@code chain-break}, {@code bad-hash}, {@code forbidden}, ...)
 * @param detail the hub's sentence about it
 * @param rejectedAt when the hub last refused it
 */
public record RejectedOp(String opId, long deviceSeq, String reason, String detail, Instant rejectedAt) {

    public RejectedOp {
        Objects.requireNonNull(opId, "opId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(rejectedAt, "rejectedAt");
    }
}
