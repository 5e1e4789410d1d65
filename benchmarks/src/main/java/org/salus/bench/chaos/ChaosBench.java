package org.salus.bench.chaos;

import java.nio.file.Files;
import java.nio.file.Path;

import org.salus.bench.Figures;
import org.salus.bench.Flags;
import org.salus.bench.LocalClinic;

/**
 * {@code benchmarks/run chaos [--kills N] [--seed N] [--max-delay-ms N] [--full-rebuild-every N]}: kills a writing
 * clinic process with {@code kill -9} N times (default 1,000) on one store under a temp dir, and checks the store
 * after every restart (see {@link ChaosHarness}). Prints the operations lost, the kills, and the checks that failed.
 * The temp dir is kept when anything failed.
 */
public final class ChaosBench {

    private ChaosBench() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.of(args, "kills", "seed", "max-delay-ms", "full-rebuild-every");
        ChaosHarness.Settings settings = new ChaosHarness.Settings(flags.integer("kills", 1000), flags.number("seed", 20261122),
                flags.integer("max-delay-ms", 300), flags.integer("full-rebuild-every", 100), System.getProperty("java.class.path"));
        Path dir = Files.createTempDirectory("salus-bench-chaos");
        ChaosHarness.Report r = new ChaosHarness(dir, settings, System.out).run();
        System.out.printf("chaos: %d kills and %d checks in %.0f s (writer start to first commit %.0f s, writing %.0f s, checks %.0f s);"
                + " %d operations reported committed, %d in the log at the end%n", r.kills(), r.checks(), r.seconds(), r.startSeconds(),
                r.writeSeconds(), r.checkSeconds(), r.reportedOps(), r.opsInLog());
        r.problems().forEach(p -> System.out.println("chaos problem: " + p));
        Figures.print("chaos-kills", r.kills(), "kills");
        Figures.print("chaos-lost-ops", r.lostOps(), "ops");
        Figures.print("chaos-chain-failures", r.chainFailures(), "checks");
        Figures.print("chaos-projection-mismatches", r.projectionMismatches(), "checks");
        Figures.print("chaos-other-failures", r.openFailures() + r.otherFailures(), "checks");
        if (r.clean()) {
            LocalClinic.deleteDirectory(dir);
        } else {
            System.out.println("chaos: the store and the writers' stderr are kept in " + dir);
        }
    }
}
