package org.salus.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code benchmarks/run startup [--runs N]}: cold starts of the hub (process start to "Salus hub ready"), both the
 * usual start of an installed hub ({@code startup-hub-ready}) and its very first start in an empty folder
 * ({@code startup-hub-first-ready}, which also creates the hub log, its key and the broker journal), and of the
 * workstation (process start to its first "Salus" window being viewable: the sign-in dialog), each the median of N fresh processes.
 * The baseline is a bare JVM starting and exiting, measured in the same run.
 */
public final class StartupBench {

    private static final long TIMEOUT_S = 120;
    private static final Pattern WINDOW = Pattern.compile("^\\s*(0x[0-9a-f]+) \"Salus[^\"]*\": \\([^)]*\\)\\s+(\\d+)x(\\d+)");

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            }
        }
        Path root = Path.of(System.getProperty("salus.root", "."));
        Path hubJar = root.resolve("product/hub/target/salus-hub.jar");
        Path workstation = root.resolve("product/workstation/target/products/org.salus.workstation/linux/gtk/x86_64");
        require(hubJar, "the hub jar");
        require(workstation.resolve("salus"), "the workstation product");

        double[] jvm = new double[runs];
        double[] hubFirst = new double[runs];
        double[] hub = new double[runs];
        double[] ws = new double[runs];
        for (int i = 0; i < runs; i++) {
            jvm[i] = bareJvm();
            Path home = Files.createTempDirectory("salus-bench-hub");
            try {
                // the hub's broker would take 1883, which another broker may hold: give it a free port, as an operator does
                Files.createDirectories(home.resolve("load"));
                Files.writeString(home.resolve("load/org.salus.hub.broker.cfg"), "host=127.0.0.1\nport=" + freePort() + "\n");
                // a new install: the hub creates its hub log, its key and the broker's journal
                hubFirst[i] = hubReady(hubJar, home);
                // the usual start: the same hub again after a stop or a reboot, its data in place
                hub[i] = hubReady(hubJar, home);
            } finally {
                deleteTree(home);
            }
        }
        String display = System.getenv("DISPLAY");
        Process xvfb = null;
        if (display == null || display.isBlank()) {
            display = ":" + (90 + (ProcessHandle.current().pid() % 9));
            xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            awaitDisplay(display);
        }
        try {
            for (int i = 0; i < runs; i++) {
                ws[i] = workstationWindow(workstation, display);
            }
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
            }
        }
        double baseline = Figures.median(jvm);
        Figures.print("startup-hub-ready", Figures.median(hub), "ms", baseline);
        Figures.print("startup-hub-first-ready", Figures.median(hubFirst), "ms", baseline);
        Figures.print("startup-workstation-window", Figures.median(ws), "ms", baseline);
    }

    /** Xvfb takes a moment before it accepts clients; a window opened before then fails the start (exit 13). */
    private static void awaitDisplay(String display) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder("xwininfo", "-root", "-display", display).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
            Thread.sleep(100); // poll interval of the display probe
        }
        throw new IllegalStateException("Xvfb on " + display + " did not accept clients within 20 s");
    }

    private static void require(Path p, String what) {
        if (!Files.exists(p)) {
            throw new IllegalStateException(what + " is not built (" + p + "): run ./mvnw -B install -DskipTests first");
        }
    }

    /** A JVM that starts and exits at once: what any Java program pays before its own code runs. */
    private static double bareJvm() throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), Noop.class.getName())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double hubReady(Path jar, Path home) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(java(), "-jar", jar.toString()).directory(home.toFile()).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                if (line.startsWith("Salus hub ready")) {
                    double ms = (System.nanoTime() - t0) / 1e6;
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
                    drain(r);
                    p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
                    return ms;
                }
            }
            throw new IllegalStateException("the hub exited without reporting ready (exit " + p.waitFor() + ")");
        } finally {
            p.destroyForcibly();
        }
    }

    private static double workstationWindow(Path product, String display) throws Exception {
        // a fresh configuration area per start: nothing cached from an earlier run, as on a new install
        Path config = Files.createTempDirectory("salus-bench-ws-config");
        Path data = Files.createTempDirectory("salus-bench-ws-data");
        copyTree(product.resolve("configuration"), config);
        // secure storage with a master password file, as on a machine without a desktop keyring
        Path master = data.resolve("master");
        Files.writeString(master, Long.toHexString(System.nanoTime()) + Long.toHexString(ProcessHandle.current().pid()));
        ProcessBuilder pb = new ProcessBuilder(product.resolve("salus").toString(), "-configuration", config.toUri().toString(),
                "-data", data.toUri().toString(), "-nosplash", "-eclipse.keyring", data.resolve("secure_storage").toString(),
                "-eclipse.password", master.toString())
                .directory(product.toFile()).redirectErrorStream(true).redirectOutput(data.resolve("console.log").toFile());
        pb.environment().put("DISPLAY", display);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (System.nanoTime() < deadline) {
                if (salusWindowViewable(display)) {
                    return (System.nanoTime() - t0) / 1e6;
                }
                if (!p.isAlive()) {
                    List<String> log = Files.readAllLines(data.resolve("console.log"));
                    throw new IllegalStateException("the workstation exited before showing its window (exit " + p.exitValue() + "):\n"
                            + String.join("\n", log.subList(Math.max(0, log.size() - 30), log.size())));
                }
                Thread.sleep(10); // poll interval of the window probe
            }
            throw new IllegalStateException("no Salus window within " + TIMEOUT_S + " s");
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            deleteTree(config);
            deleteTree(data);
        }
    }

    /** True when X shows a top-level window titled Salus, at least 400 pixels wide and mapped. */
    static boolean salusWindowViewable(String display) throws Exception {
        for (String line : x(display, "xwininfo", "-root", "-tree")) {
            Matcher m = WINDOW.matcher(line);
            if (m.find() && Integer.parseInt(m.group(2)) >= 400) {
                for (String info : x(display, "xwininfo", "-id", m.group(1))) {
                    if (info.contains("Map State: IsViewable")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<String> x(String display, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().toList();
    }

    private static void drain(BufferedReader r) {
        try {
            while (r.readLine() != null) {
                // read to the end so the hub never blocks on a full pipe while stopping
            }
        } catch (IOException ignored) {
            // the hub has gone
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A product's configuration folder without the framework's cache: a fresh install's first start. */
    static void copyConfiguration(Path from, Path to) throws IOException {
        copyTree(from, to);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            s.filter(p -> !from.relativize(p).toString().startsWith("org.eclipse.osgi")).forEach(p -> {
                try {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The bare-JVM baseline's main. */
    public static final class Noop {
        public static void main(String[] args) {
            // nothing: the JVM's own start and exit is the figure
        }
    }
}
