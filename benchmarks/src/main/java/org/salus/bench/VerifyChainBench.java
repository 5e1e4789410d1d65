package org.salus.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.salus.core.op.ChainReport;

/**
 * {@code benchmarks/run verify-chain [--ops N] [--runs N]}: verification of the whole hash chain ({@code
 * AuditLog.verifyChain()}: every operation re-hashed and linked to the one before, up to the recorded head) on a demo
 * clinic's log of about N operations (default 100,000), in operations per second: the median of N runs after one
 * warm-up run.
 * <p>
 * The baseline is a plain JDBC scan of the same op log in append order (every column of every row), in the same run.
 */
public final class VerifyChainBench {

    private VerifyChainBench() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.of(args, "ops", "runs");
        long ops = flags.number("ops", 100_000);
        int runs = flags.integer("runs", 5);
        Path dir = Files.createTempDirectory("salus-bench-verify");
        try (LocalClinic clinic = History.load(dir.resolve("store"), ops)) {
            long size = clinic.ops();
            verify(clinic, size);
            History.scanRate(clinic);
            double[] rates = new double[runs];
            double[] scans = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                verify(clinic, size);
                rates[i] = size / ((System.nanoTime() - t0) / 1e9);
                scans[i] = History.scanRate(clinic);
            }
            System.out.printf("verify-chain: %d operations verified per run, %d runs after one warm-up%n", size, runs);
            Figures.print("verify-chain", Figures.median(rates), "ops/s", Figures.median(scans));
        } finally {
            LocalClinic.deleteDirectory(dir);
        }
    }

    private static void verify(LocalClinic clinic, long size) {
        ChainReport report = clinic.audit.verifyChain(LocalClinic.AUDITOR);
        if (!report.intact() || report.checkedOps() != size) {
            throw new IllegalStateException("the chain did not verify: " + report);
        }
    }
}
