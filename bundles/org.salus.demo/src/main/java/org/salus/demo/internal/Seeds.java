package org.salus.demo.internal;

import java.util.SplittableRandom;

/** Independent random sources per record, so any record can be made on its own and streams need not be read in order. */
public final class Seeds {

    public static final long MEDICINE = 1;
    public static final long BATCH = 2;
    public static final long PATIENT = 3;
    public static final long DISPENSE_DAY = 4;

    private Seeds() {
    }

    /** A generator determined by the data set's seed, the kind of record and up to two indexes. */
    public static SplittableRandom random(long seed, long kind, long a, long b) {
        long h = mix(seed ^ 0x5A1B5L);
        h = mix(h ^ kind * 0x9E3779B97F4A7C15L);
        h = mix(h ^ a * 0xC2B2AE3D27D4EB4FL);
        h = mix(h ^ b * 0x165667B19E3779F9L);
        return new SplittableRandom(h);
    }

    // SplitMix64 finaliser: nearby inputs give unrelated outputs.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
