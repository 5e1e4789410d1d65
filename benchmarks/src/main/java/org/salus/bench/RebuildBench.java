package org.salus.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code benchmarks/run rebuild [--ops N] [--runs N]}: projection rebuild from the op log ({@code
 * ClinicStore.rebuildProjections}: empty the projections, replay every operation in append order, one transaction) on
 * a demo clinic's log of about N operations (default 100,000), in operations per second: the median of N runs after
 * one warm-up run. Each rebuild must reproduce the projections exactly (their digest is compared).
 * <p>
 * The baseline is a plain JDBC scan of the same op log in append order (every column of every row), in the same run.
 */
public final class RebuildBench {

    private RebuildBench() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.of(args, "ops", "runs");
        long ops = flags.number("ops", 100_000);
        int runs = flags.integer("runs", 3);
        Path dir = Files.createTempDirectory("salus-bench-rebuild");
        try (LocalClinic clinic = History.load(dir.resolve("store"), ops)) {
            String live = clinic.projectionDigest();
            clinic.rebuildProjections();
            History.scanRate(clinic);
            double[] rates = new double[runs];
            double[] scans = new double[runs];
            long replayed = 0;
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                replayed = clinic.rebuildProjections();
                rates[i] = replayed / ((System.nanoTime() - t0) / 1e9);
                scans[i] = History.scanRate(clinic);
            }
            if (!live.equals(clinic.projectionDigest())) {
                throw new IllegalStateException("the rebuilt projections differ from the live ones");
            }
            System.out.printf("rebuild: %d operations replayed per run, %d runs after one warm-up%n", replayed, runs);
            Figures.print("rebuild", Figures.median(rates), "ops/s", Figures.median(scans));
        } finally {
            LocalClinic.deleteDirectory(dir);
        }
    }
}
