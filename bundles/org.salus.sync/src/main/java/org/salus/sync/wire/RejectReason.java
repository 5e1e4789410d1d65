package org.salus.sync.wire;

import java.util.Optional;

/** Why the hub refused a message or one of its operations; each has the name it carries on the wire. */
public enum RejectReason {
    /** The message is not UTF-8 JSON of the expected shape: a field is missing, of the wrong type or out of range. */
    MALFORMED("malformed"),
    /** The message's {@code "v"} is a version this side does not speak. */
    UNSUPPORTED_VERSION("unsupported-version"),
    /** The message or operation names another clinic than its topic. */
    WRONG_CLINIC("wrong-clinic"),
    /** The message or operation names another device than its topic. */
    WRONG_DEVICE("wrong-device"),
    /** The operation's content does not match its hash. */
    BAD_HASH("bad-hash"),
    /** The operation does not link to the device's last operation the hub holds, or contradicts one it holds. */
    CHAIN_BREAK("chain-break"),
    /** Operations are missing between the hub's last one of the device and this one. */
    SEQ_GAP("seq-gap"),
    /** The device may not do this: it is not enrolled, revoked, or enrolled for another clinic. */
    FORBIDDEN("forbidden"),
    /** The message is larger, or holds more operations, than the limits allow. */
    TOO_LARGE("too-large");

    private final String wireName;

    RejectReason(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire ({@code seq-gap}). */
    public String wireName() {
        return wireName;
    }

    /** The reason with this wire name, if it is one. */
    public static Optional<RejectReason> fromWire(String name) {
        for (RejectReason r : values()) {
            if (r.wireName.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
