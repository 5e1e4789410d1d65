package org.salus.security.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

/** Argon2id in PHC form, NFKC before hashing, constant-time comparison; and a measurement of the production cost. */
class PasswordHasherTest {

    private final PasswordHasher fast = new PasswordHasher(SecuredClinic.FAST, new SecureRandom());

    @Test
    void aHashIsAPhcStringWithItsOwnParametersAndAFreshSalt() {
        String h1 = fast.hash("correct horse battery".toCharArray());
        String h2 = fast.hash("correct horse battery".toCharArray());
        assertTrue(h1.matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), h1);
        assertNotEquals(h1, h2, "each hash has its own salt");
        assertTrue(fast.verify("correct horse battery".toCharArray(), h1));
        assertTrue(fast.verify("correct horse battery".toCharArray(), h2));
        assertFalse(fast.verify("correct horse batterY".toCharArray(), h1));
        assertFalse(fast.verify("".toCharArray(), h1));
    }

    @Test
    void passwordsAreComparedAfterNfkcNormalisation() {
        // composed é (U+00E9) and e + combining acute (U+0065 U+0301); full-width Ａ and plain A; the ﬁ ligature and "fi"
        String stored = fast.hash("caf\u00e9 \uff21 \ufb01le".toCharArray());
        assertTrue(fast.verify("cafe\u0301 A file".toCharArray(), stored));
        assertFalse(fast.verify("cafe A file".toCharArray(), stored));
    }

    @Test
    void aHashMadeWithOtherParametersStillVerifiesAndAsksForARehash() {
        PasswordHasher stronger = new PasswordHasher(new Argon2Settings(128, 2, 1), new SecureRandom());
        String old = fast.hash("long enough secret".toCharArray());
        assertTrue(stronger.verify("long enough secret".toCharArray(), old));
        assertTrue(stronger.needsRehash(old));
        assertFalse(fast.needsRehash(old));
    }

    @Test
    void malformedOrOversizedStoredHashesNeverVerify() {
        assertFalse(fast.verify("x".toCharArray(), null));
        assertFalse(fast.verify("x".toCharArray(), "plain text"));
        assertFalse(fast.verify("x".toCharArray(), "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"));
        // a tampered record asking for 4 GiB of memory is refused instead of run
        assertFalse(fast.verify("x".toCharArray(), "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"));
        assertThrows(IllegalArgumentException.class, () -> fast.hash(new char[PasswordHasher.MAX_PASSWORD_CHARS + 1]));
    }

    /** Prints what one hash with the production parameters costs on this machine; the figure goes into the ADR. */
    @Test
    void productionParametersCostOneMeasuredHash() {
        PasswordHasher production = new PasswordHasher(Argon2Settings.DEFAULT, new SecureRandom());
        String stored = production.hash("warm-up password".toCharArray());
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            assertTrue(production.verify("warm-up password".toCharArray(), stored));
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf("[security] Argon2id m=%d KiB t=%d p=%d: best of 3 verifications %.0f ms%n", Argon2Settings.DEFAULT.memoryKib(),
                Argon2Settings.DEFAULT.iterations(), Argon2Settings.DEFAULT.parallelism(), best / 1e6);
    }
}
