package org.salus.security.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (Bouncy Castle) in the PHC string form {@code $argon2id$v=19$m=65536,t=3,p=1$salt$hash}.
 * Passwords are NFKC-normalised and UTF-8 encoded first, so the same password typed on another keyboard or input
 * method verifies; hashes are compared in constant time. At most two hashes run at once, so a burst of logins cannot
 * take more than two hashes' worth of memory.
 */
public final class PasswordHasher {

    /** Longest password accepted, in characters (a longer one only costs time). */
    public static final int MAX_PASSWORD_CHARS = 1024;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{22,})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Argon2Settings settings;
    private final SecureRandom random;
    private final Semaphore running = new Semaphore(2, true);
    private volatile String decoy;

    public PasswordHasher(Argon2Settings settings, SecureRandom random) {
        this.settings = settings;
        this.random = random;
    }

    public Argon2Settings settings() {
        return settings;
    }

    /** A new hash of a password with a fresh random salt. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, settings);
        try {
            return "$argon2id$v=19$m=" + settings.memoryKib() + ",t=" + settings.iterations() + ",p=" + settings.parallelism() + "$"
                    + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    /** Whether a password matches a stored hash; false for a hash that is not a well-formed Argon2id PHC string. */
    public boolean verify(char[] password, String stored) {
        Parsed p = parse(stored);
        if (p == null) {
            // spend the same time as a real check, so a broken record is not told apart by timing
            burn(password);
            return false;
        }
        byte[] out = derive(password, p.salt(), p.settings());
        try {
            return MessageDigest.isEqual(out, p.hash());
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    /** Spends the time of one verification without any stored hash (a login name that does not exist). */
    public void burn(char[] password) {
        String d = decoy;
        if (d == null) {
            d = hash("decoy-password".toCharArray());
            decoy = d;
        }
        Parsed p = parse(d);
        byte[] out = derive(password, p.salt(), p.settings());
        Arrays.fill(out, (byte) 0);
    }

    /** Whether a stored hash was made with other parameters than the current ones. */
    public boolean needsRehash(String stored) {
        Parsed p = parse(stored);
        return p == null || !p.settings().equals(settings);
    }

    /** The password as Argon2 sees it: NFKC-normalised, then UTF-8. The caller wipes the result. */
    static byte[] normalised(char[] password) {
        String nfkc = Normalizer.normalize(CharBuffer.wrap(password), Normalizer.Form.NFKC);
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(nfkc);
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
        return out;
    }

    private byte[] derive(char[] password, byte[] salt, Argon2Settings s) {
        if (password.length > MAX_PASSWORD_CHARS) {
            throw new IllegalArgumentException("a password has at most " + MAX_PASSWORD_CHARS + " characters");
        }
        byte[] input = normalised(password);
        running.acquireUninterruptibly();
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(s.memoryKib()).withIterations(s.iterations()).withParallelism(s.parallelism()).withSalt(salt).build());
            byte[] out = new byte[HASH_BYTES];
            generator.generateBytes(input, out);
            return out;
        } finally {
            running.release();
            Arrays.fill(input, (byte) 0);
        }
    }

    private static Parsed parse(String stored) {
        if (stored == null) {
            return null;
        }
        Matcher m = PHC.matcher(stored);
        if (!m.matches()) {
            return null;
        }
        try {
            Argon2Settings s = new Argon2Settings(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            byte[] hash = B64D.decode(m.group(5));
            return hash.length < 16 ? null : new Parsed(s, B64D.decode(m.group(4)), hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private record Parsed(Argon2Settings settings, byte[] salt, byte[] hash) {
    }
}
