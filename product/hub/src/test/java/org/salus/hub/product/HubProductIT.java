package org.salus.hub.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the exported hub jar as an operator does: start it, deploy through load/, stop it with SIGTERM. */
class HubProductIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private Process hub;
    private Thread pump;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHub() throws IOException {
        Path jar = Path.of(System.getProperty("salus.hub.jar"));
        assertTrue(Files.isRegularFile(jar), "hub jar not built: " + jar);
        hub = new ProcessBuilder(javaBin(), "-jar", jar.toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .start();
        pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(hub.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    lines.add(line);
                }
            } catch (IOException endOfProcess) {
                // the hub ended; what it printed is in lines
            }
        }, "hub-output");
        pump.setDaemon(true);
        pump.start();
    }

    @AfterEach
    void killHub() {
        if (hub.isAlive()) {
            hub.destroyForcibly();
        }
    }

    @Test
    void reportsReadyWithItsVersion() throws Exception {
        String ready = awaitLine("Salus hub ready ");
        assertTrue(ready.matches("Salus hub ready \\d+\\.\\d+\\.\\d+ \\(org\\.apache\\.felix\\.framework .*"), ready);
        assertTrue(Files.isDirectory(home.resolve("load")), "the hub creates its load/ folder");
    }

    @Test
    void bundleDroppedIntoLoadIsStartedAndRemovingItUninstallsIt() throws Exception {
        awaitLine("Salus hub ready ");
        Path staged = home.resolve("plugin.jar.part");
        writeBundle(staged, "org.salus.example.hotdeploy", "1.0.0");
        // a rename is atomic, so FileInstall never sees a half-written jar
        Path deployed = Files.move(staged, home.resolve("load/hotdeploy.jar"), StandardCopyOption.ATOMIC_MOVE);
        awaitLine("[hub] bundle started: org.salus.example.hotdeploy 1.0.0");

        Files.delete(deployed);
        awaitLine("[hub] bundle stopped: org.salus.example.hotdeploy 1.0.0");
        awaitLine("[hub] bundle uninstalled: org.salus.example.hotdeploy 1.0.0");
        assertTrue(hub.isAlive(), "the hub keeps running");
    }

    @Test
    void sigtermStopsEveryComponentAndExitsWithZero() throws Exception {
        awaitLine("Salus hub ready ");
        // kill(1) rather than Process.destroy(), which also closes the pipe this test reads the hub's last lines from
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(hub.pid())).inheritIO().start().waitFor());
        assertTrue(hub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "hub did not exit after SIGTERM");
        assertEquals(0, hub.exitValue(), String.join("\n", lines));
        awaitLine("Salus hub stopping (SIGTERM)");
        awaitLine("Salus hub stopped cleanly");
    }

    private String awaitLine(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (!hub.isAlive() && lines.stream().noneMatch(l -> l.startsWith(prefix))) {
                pump.join(5_000); // the pump ends at the end of the hub's output
                return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                        .orElseThrow(() -> new AssertionError("hub exited without printing '" + prefix + "':\n" + String.join("\n", lines)));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line '" + prefix + "' within " + WAIT + ":\n" + String.join("\n", lines));
    }

    private static void writeBundle(Path file, String symbolicName, String version) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", version);
        a.putValue("Bundle-Name", "Hot deploy probe");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, mf)) {
            jar.flush();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
