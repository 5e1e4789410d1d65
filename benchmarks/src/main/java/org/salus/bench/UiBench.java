package org.salus.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code benchmarks/run ui [--runs N]}: the workstation product started as a user starts it, on a fresh install each time,
 * timed from process start to a usable sign-in dialog ({@code ui-login-dialog}): the dialog has asked the security
 * service who may sign in and accepts a name and password (the product prints {@code Salus login ready} at that moment
 * when started with {@code -Dsalus.reportReady=true}). Median of N starts; the baseline is a bare JVM starting and
 * exiting, measured in the same run. Target: under 5 s.
 * <p>
 * Then {@code ui-medicine-list} ({@code --list-runs N}, 0 to skip; {@code --medicines N --batches-per-medicine M};
 * {@code --store DIR} keeps the filled store in DIR and uses it again on the next run): see {@link MedicineListRun}.
 */
public final class UiBench {

    private static final long TIMEOUT_S = 120;

    private UiBench() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.of(args, "runs", "list-runs", "medicines", "batches-per-medicine", "store");
        int runs = flags.integer("runs", 5);
        int listRuns = flags.integer("list-runs", 3);
        int medicines = flags.integer("medicines", 10_000);
        int batchesPerMedicine = flags.integer("batches-per-medicine", 10);
        Path root = Path.of(System.getProperty("salus.root", "."));
        Path workstation = root.resolve("product/workstation/target/products/org.salus.workstation/linux/gtk/x86_64");
        if (!Files.exists(workstation.resolve("salus"))) {
            throw new IllegalStateException("the workstation product is not built (" + workstation + ")");
        }
        String display = System.getenv("DISPLAY");
        Process xvfb = null;
        if (display == null || display.isBlank()) {
            display = ":" + (80 + (ProcessHandle.current().pid() % 9));
            xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(1000); // Xvfb accepts clients shortly after it starts
        }
        double[] jvm = new double[runs];
        double[] login = new double[runs];
        try {
            for (int i = 0; i < runs; i++) {
                jvm[i] = bareJvm();
                login[i] = loginReady(workstation, display);
            }
            if (runs > 0) {
                Figures.print("ui-login-dialog", Figures.median(login), "ms", Figures.median(jvm));
            }
            if (listRuns > 0) {
                String store = flags.text("store", null);
                MedicineListRun.measure(workstation, display, listRuns, medicines, batchesPerMedicine, store == null ? null : Path.of(store));
            }
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
            }
        }
    }

    private static double bareJvm() throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), StartupBench.Noop.class.getName()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double loginReady(Path product, String display) throws Exception {
        Path config = Files.createTempDirectory("salus-bench-ui-config");
        Path data = Files.createTempDirectory("salus-bench-ui-data");
        StartupBench.copyConfiguration(product.resolve("configuration"), config);
        Path master = data.resolve("master");
        Files.writeString(master, Long.toHexString(System.nanoTime()) + Long.toHexString(ProcessHandle.current().pid()));
        Path console = data.resolve("console.log");
        ProcessBuilder pb = new ProcessBuilder(product.resolve("salus").toString(), "-configuration", config.toUri().toString(),
                "-data", data.toUri().toString(), "-nosplash", "-eclipse.keyring", data.resolve("secure_storage").toString(),
                "-eclipse.password", master.toString())
                .directory(product.toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
        pb.environment().put("DISPLAY", display);
        // the launcher's own -vmargs would replace the product's; the JVM also reads this variable
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Dsalus.reportReady=true");
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (System.nanoTime() < deadline) {
                if (Files.readString(console).contains("Salus login ready")) {
                    return (System.nanoTime() - t0) / 1e6;
                }
                if (!p.isAlive()) {
                    List<String> log = Files.readAllLines(console);
                    throw new IllegalStateException("the workstation exited before its sign-in dialog was ready (exit " + p.exitValue()
                            + "):\n" + String.join("\n", log.subList(Math.max(0, log.size() - 30), log.size())));
                }
                Thread.sleep(10); // poll interval of the console probe
            }
            throw new IllegalStateException("no usable sign-in dialog within " + TIMEOUT_S + " s");
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            StartupBench.deleteTree(config);
            StartupBench.deleteTree(data);
        }
    }
}
