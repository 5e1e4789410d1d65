package org.salus.security.internal;

/**
 * Argon2id cost parameters. The defaults (64 MiB, 3 passes, 1 lane) take about 200 ms per hash on the reference
 * 2-core machine (see docs/adr/0006-security.md); every hash records its own parameters, so they can be raised later
 * without breaking stored passwords.
 *
 * @param memoryKib memory in KiB (at least 8 per lane)
 * @param iterations passes over the memory
 * @param parallelism lanes
 */
public record Argon2Settings(int memoryKib, int iterations, int parallelism) {

    /** The production parameters. */
    public static final Argon2Settings DEFAULT = new Argon2Settings(65_536, 3, 1);

    /** Largest memory a stored hash may ask for (1 GiB), so a tampered record cannot exhaust the heap. */
    static final int MAX_MEMORY_KIB = 1 << 20;

    public Argon2Settings {
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Argon2 parallelism must be 1 to 16: " + parallelism);
        }
        if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2 memory must be " + 8 * parallelism + " to " + MAX_MEMORY_KIB + " KiB: " + memoryKib);
        }
        if (iterations < 1 || iterations > 100) {
            throw new IllegalArgumentException("Argon2 iterations must be 1 to 100: " + iterations);
        }
    }
}
