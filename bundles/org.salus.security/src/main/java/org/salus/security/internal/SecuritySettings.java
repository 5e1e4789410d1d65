package org.salus.security.internal;

import java.time.Duration;

/**
 * The security settings as plain values, for construction outside OSGi.
 *
 * @param idleLock a session locks after this long without activity
 * @param maxSession a session ends this long after its login
 * @param maxFailedLogins failed attempts in a row that lock the account
 * @param retryDelay the wait after the first failed attempt; doubled by each further failure
 * @param maxRetryDelay the longest wait
 * @param minPasswordLength shortest new password
 * @param argon2 the password hash cost
 * @param printSetupPassword print the setup account's one-time password once to the console (headless hub)
 */
public record SecuritySettings(Duration idleLock, Duration maxSession, int maxFailedLogins, Duration retryDelay, Duration maxRetryDelay,
        int minPasswordLength, Argon2Settings argon2, boolean printSetupPassword) {

    public SecuritySettings {
        if (idleLock.isNegative() || idleLock.isZero()) {
            throw new IllegalArgumentException(SecurityConfig.PID + ".idleLockMinutes must be more than 0");
        }
        if (maxSession.compareTo(idleLock) < 0) {
            throw new IllegalArgumentException(SecurityConfig.PID + ".maxSessionHours must be at least the idle lock time");
        }
        if (maxFailedLogins < 1) {
            throw new IllegalArgumentException(SecurityConfig.PID + ".maxFailedLogins must be 1 or more: " + maxFailedLogins);
        }
        if (retryDelay.isNegative() || maxRetryDelay.compareTo(retryDelay) < 0) {
            throw new IllegalArgumentException(SecurityConfig.PID + ": retry delays must be 0 or more, the longest at least the first");
        }
        if (minPasswordLength < 8 || minPasswordLength > PasswordHasher.MAX_PASSWORD_CHARS) {
            throw new IllegalArgumentException(SecurityConfig.PID + ".minPasswordLength must be 8 to "
                    + PasswordHasher.MAX_PASSWORD_CHARS + ": " + minPasswordLength);
        }
    }

    /** The production defaults. */
    public static SecuritySettings defaults() {
        return new SecuritySettings(Duration.ofMinutes(60), Duration.ofHours(12), 5, Duration.ofSeconds(1), Duration.ofMinutes(5), 10,
                Argon2Settings.DEFAULT, false);
    }

    public static SecuritySettings from(SecurityConfig c) {
        return new SecuritySettings(Duration.ofMinutes(c.idleLockMinutes()), Duration.ofHours(c.maxSessionHours()), c.maxFailedLogins(),
                Duration.ofMillis(c.retryDelayMillis()), Duration.ofMillis(c.maxRetryDelayMillis()), c.minPasswordLength(),
                new Argon2Settings(c.argon2MemoryKib(), c.argon2Iterations(), c.argon2Parallelism()), c.printSetupPassword());
    }

    public SecuritySettings withArgon2(Argon2Settings a) {
        return new SecuritySettings(idleLock, maxSession, maxFailedLogins, retryDelay, maxRetryDelay, minPasswordLength, a, printSetupPassword);
    }

    public SecuritySettings withIdleLock(Duration d) {
        return new SecuritySettings(d, maxSession.compareTo(d) < 0 ? d : maxSession, maxFailedLogins, retryDelay, maxRetryDelay,
                minPasswordLength, argon2, printSetupPassword);
    }

    public SecuritySettings withMaxFailedLogins(int n) {
        return new SecuritySettings(idleLock, maxSession, n, retryDelay, maxRetryDelay, minPasswordLength, argon2, printSetupPassword);
    }

    /** How long to wait after {@code failures} failed attempts in a row: the first delay, doubled per further failure. */
    public Duration retryDelayAfter(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        Duration d = retryDelay;
        for (int i = 1; i < failures && d.compareTo(maxRetryDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : d;
    }
}
