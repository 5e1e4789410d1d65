package org.salus.core.op;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One reading of a hybrid logical clock: physical milliseconds, a logical counter and the node that made it.
 * Its text form has a fixed width ({@value #TEXT_LENGTH} characters) so that comparing texts compares clocks:
 * {@code 001732252800000-00003-9f86d081884c7d65}.
 *
 * @param millis Unix milliseconds (at most 15 decimal digits)
 * @param counter the logical counter within one millisecond (0 to {@value #MAX_COUNTER})
 * @param node 16 lower-case hex characters naming the node (see {@link HybridLogicalClock#nodeOf(String)})
 */
public record Hlc(long millis, int counter, String node) implements Comparable<Hlc> {

    /** Length of the text form. */
    public static final int TEXT_LENGTH = 15 + 1 + 5 + 1 + 16;
    /** The largest counter the text form can hold. */
    public static final int MAX_COUNTER = 99_999;
    /** The largest milliseconds value the text form can hold. */
    public static final long MAX_MILLIS = 999_999_999_999_999L;

    private static final Pattern NODE = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern TEXT = Pattern.compile("\\d{15}-\\d{5}-[0-9a-f]{16}");

    public Hlc {
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new IllegalArgumentException("HLC milliseconds out of range: " + millis);
        }
        if (counter < 0 || counter > MAX_COUNTER) {
            throw new IllegalArgumentException("HLC counter out of range: " + counter);
        }
        Objects.requireNonNull(node, "node");
        if (!NODE.matcher(node).matches()) {
            throw new IllegalArgumentException("HLC node must be 16 lower-case hex characters: " + node);
        }
    }

    /** Reads the text form written by {@link #toString()}. */
    public static Hlc parse(String text) {
        if (text == null || !TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException("not an HLC text (expected 15 digits-5 digits-16 hex): " + text);
        }
        return new Hlc(Long.parseLong(text.substring(0, 15)), Integer.parseInt(text.substring(16, 21)), text.substring(22));
    }

    @Override
    public int compareTo(Hlc o) {
        int c = Long.compare(millis, o.millis);
        if (c == 0) {
            c = Integer.compare(counter, o.counter);
        }
        return c != 0 ? c : node.compareTo(o.node);
    }

    /** The fixed-width text form; its string order is the clock order. */
    @Override
    public String toString() {
        return String.format("%015d-%05d-%s", millis, counter, node);
    }
}
