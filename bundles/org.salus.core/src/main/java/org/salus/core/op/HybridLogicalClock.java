package org.salus.core.op;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock (Kulkarni et al.): readings follow physical time closely, never go backwards on one node,
 * and a reading taken after receiving a remote one is always greater than it. Thread-safe.
 */
public final class HybridLogicalClock {

    private final String node;
    private final LongSupplier physicalMillis;
    private final long maxSkewMillis;
    private long millis;
    private int counter;

    /**
     * @param node the node id, 16 lower-case hex characters (see {@link #nodeOf(String)})
     * @param physicalMillis the wall clock in Unix milliseconds
     * @param maxSkewMillis how far a remote reading may lie ahead of the wall clock before {@link #receive} refuses it
     */
    public HybridLogicalClock(String node, LongSupplier physicalMillis, long maxSkewMillis) {
        this.node = new Hlc(0, 0, node).node();
        this.physicalMillis = physicalMillis;
        this.maxSkewMillis = maxSkewMillis;
    }

    /** The 16-hex-character node id of a device: the start of the SHA-256 of its device id. */
    public static String nodeOf(String deviceId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(deviceId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** This clock's node id. */
    public String node() {
        return node;
    }

    /** A new reading for a local event or a message about to be sent. */
    public synchronized Hlc send() {
        long pt = physicalMillis.getAsLong();
        if (pt > millis) {
            millis = pt;
            counter = 0;
        } else {
            tick();
        }
        return current();
    }

    /**
     * A new reading after a remote reading arrived; it is greater than both the remote reading and every earlier
     * reading of this clock.
     *
     * @throws ClockSkewException when the remote reading lies more than the allowed skew ahead of the wall clock
     */
    public synchronized Hlc receive(Hlc remote) {
        long pt = physicalMillis.getAsLong();
        if (remote.millis() - pt > maxSkewMillis) {
            throw new ClockSkewException("A clock reading from node " + remote.node() + " is " + (remote.millis() - pt)
                    + " ms ahead of this device's clock (at most " + maxSkewMillis + " ms is accepted): check the date and time settings",
                    remote.millis() - pt);
        }
        long newMillis = Math.max(Math.max(millis, remote.millis()), pt);
        if (newMillis == millis && newMillis == remote.millis()) {
            counter = Math.max(counter, remote.counter());
            tick();
        } else if (newMillis == millis) {
            tick();
        } else if (newMillis == remote.millis()) {
            millis = newMillis;
            counter = remote.counter();
            tick();
        } else {
            millis = newMillis;
            counter = 0;
        }
        return current();
    }

    /**
     * Moves this clock forward so that its next reading is after {@code seen} without refusing any skew;
     * used at start-up with the readings already in the local op log.
     */
    public synchronized void advancePast(Hlc seen) {
        if (seen.millis() > millis || (seen.millis() == millis && seen.counter() > counter)) {
            millis = seen.millis();
            counter = seen.counter();
        }
    }

    /** The last reading handed out (or the start state), without advancing. */
    public synchronized Hlc current() {
        return new Hlc(millis, counter, node);
    }

    private void tick() {
        if (counter < Hlc.MAX_COUNTER) {
            counter++;
        } else {
            // more than 100 000 events in one millisecond: borrow the next millisecond to stay monotonic
            millis++;
            counter = 0;
        }
    }
}
