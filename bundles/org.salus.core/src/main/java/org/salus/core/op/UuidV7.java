package org.salus.core.op;

import java.security.SecureRandom;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Generates time-ordered UUIDs of version 7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter
 * that keeps ids from one generator strictly increasing within a millisecond, then 62 random bits.
 * Thread-safe; one generator per device is enough.
 */
public final class UuidV7 {

    private static final int COUNTER_BITS = 12;
    private static final int COUNTER_MAX = (1 << COUNTER_BITS) - 1;

    private final LongSupplier millis;
    private final Random random;
    private long lastMillis = -1;
    private int counter;

    /** A generator on the system clock with a {@link SecureRandom}. */
    public UuidV7() {
        this(System::currentTimeMillis, new SecureRandom());
    }

    /**
     * @param millis the source of Unix milliseconds
     * @param random the source of the random bits
     */
    public UuidV7(LongSupplier millis, Random random) {
        this.millis = millis;
        this.random = random;
    }

    /** The next id; never equal to and always greater (as unsigned 128-bit number) than the previous one of this generator. */
    public synchronized UUID next() {
        long now = millis.getAsLong();
        if (now > lastMillis) {
            lastMillis = now;
            // start low in the counter range so a burst within one millisecond has room to count up
            counter = random.nextInt(COUNTER_MAX / 2);
        } else if (counter < COUNTER_MAX) {
            counter++;
        } else {
            // counter exhausted (or the clock went back): borrow the next millisecond, order stays intact
            lastMillis++;
            counter = 0;
        }
        long msb = (lastMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | counter;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /** The next id as its 36-character text. */
    public String nextString() {
        return next().toString();
    }

    /** The Unix milliseconds written into a version 7 UUID. */
    public static long timestampOf(UUID uuid) {
        if (uuid.version() != 7) {
            throw new IllegalArgumentException("not a version 7 UUID: " + uuid);
        }
        return uuid.getMostSignificantBits() >>> 16;
    }

    /** Whether a text is a version 7 UUID of the RFC variant, in canonical lower-case form. */
    public static boolean isUuidV7(String text) {
        if (text == null || text.length() != 36) {
            return false;
        }
        try {
            UUID u = UUID.fromString(text);
            return u.version() == 7 && u.variant() == 2 && u.toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
