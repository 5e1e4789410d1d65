package org.salus.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.salus.security.internal.Argon2Settings;
import org.salus.security.internal.PasswordHasher;

/**
 * {@code benchmarks/run login [--runs N] [--warmup N]}: the time of one password check at sign-in, that is one
 * {@code PasswordHasher.verify} of a stored Argon2id hash with the settings every new password gets
 * ({@code Argon2Settings.DEFAULT}): NFKC normalisation, PHC parsing, the hash and the constant-time comparison. The
 * baseline is Bouncy Castle's bare Argon2id of the same password with the same parameters, in the same run. Each
 * figure is the median of the runs, the two alternating.
 */
public final class LoginBench {

    private LoginBench() {
    }

    public static void main(String[] args) {
        Flags flags = Flags.of(args, "runs", "warmup");
        int runs = flags.integer("runs", 21);
        int warmup = flags.integer("warmup", 3);
        Argon2Settings s = Argon2Settings.DEFAULT;
        SecureRandom random = new SecureRandom();
        PasswordHasher hasher = new PasswordHasher(s, random);
        char[] password = "correct horse battery staple".toCharArray();
        String stored = hasher.hash(password);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        double[] verify = new double[runs];
        double[] raw = new double[runs];
        for (int i = -warmup; i < runs; i++) {
            long t0 = System.nanoTime();
            if (!hasher.verify(password, stored)) {
                throw new IllegalStateException("the right password was refused");
            }
            long t1 = System.nanoTime();
            Argon2BytesGenerator g = new Argon2BytesGenerator();
            g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(s.memoryKib()).withIterations(s.iterations()).withParallelism(s.parallelism()).withSalt(salt).build());
            byte[] out = new byte[32];
            g.generateBytes(new String(password).getBytes(StandardCharsets.UTF_8), out);
            long t2 = System.nanoTime();
            if (i >= 0) {
                verify[i] = (t1 - t0) / 1e6;
                raw[i] = (t2 - t1) / 1e6;
            }
        }
        if (hasher.verify("wrong password".toCharArray(), stored)) {
            throw new IllegalStateException("a wrong password was accepted");
        }
        System.out.printf("login: Argon2id m=%d KiB, t=%d, p=%d; %d runs after %d warm-up; verify min %.0f ms, max %.0f ms%n", s.memoryKib(),
                s.iterations(), s.parallelism(), runs, warmup, Arrays.stream(verify).min().orElse(0), Arrays.stream(verify).max().orElse(0));
        Figures.print("login", Figures.median(verify), "ms", Figures.median(raw));
    }
}
