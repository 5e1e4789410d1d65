package org.salus.core.op;

/** A clock reading from another node lies further in the future than this node accepts. */
public class ClockSkewException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final long skewMillis;

    public ClockSkewException(String message, long skewMillis) {
        super(message);
        this.skewMillis = skewMillis;
    }

    /** How far ahead of this node's clock the remote reading was, in milliseconds. */
    public long skewMillis() {
        return skewMillis;
    }
}
