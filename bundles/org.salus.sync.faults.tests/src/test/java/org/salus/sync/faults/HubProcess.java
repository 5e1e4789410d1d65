package org.salus.sync.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The built hub jar as an operator runs it, in a working directory of its own: its broker and HTTP on free loopback
 * ports, devices enrolled through {@code load/}, its output appended to {@code hub.log}. It can be killed with
 * {@code kill -9} and started again on the same files.
 */
final class HubProcess implements AutoCloseable {

    static final long WAIT_MS = 120_000;

    final Path home;
    final int brokerPort;
    private final Path jar;
    private Process process;

    HubProcess(Path home, String... enrol) throws IOException {
        this.home = home;
        this.jar = Path.of(System.getProperty("salus.hub.jar", "../../product/hub/target/salus-hub.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the hub jar is not built: " + jar.toAbsolutePath());
        }
        brokerPort = freePort();
        Files.createDirectories(home.resolve("load"));
        Files.writeString(home.resolve("load/org.salus.hub.broker.cfg"), "host=127.0.0.1\nport=" + brokerPort + "\n");
        Files.writeString(home.resolve("load/org.salus.hub.http.cfg"), "host=127.0.0.1\nport=" + freePort() + "\n");
        Files.writeString(home.resolve("load/org.salus.hub.devices.cfg"), "enrol=" + String.join(",", enrol) + "\n");
    }

    String url() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    /** Starts the hub and waits until its sync service serves (the n-th time its log says so). */
    void start() throws Exception {
        int before = count("Salus hub sync serving ");
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
                jar.toAbsolutePath().toString()).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("hub.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (count("Salus hub sync serving ") <= before) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub ended with " + process.exitValue() + ":\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the hub did not serve within " + WAIT_MS + " ms:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    /** {@code kill -9}: no shutdown hook, no flush, no goodbye to the broker's clients. */
    void kill9() throws Exception {
        Process p = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
        if (p.waitFor() != 0 || !process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the hub did not die");
        }
    }

    /** The secret the hub issued to a device enrolled through load/. */
    char[] secret(String device) throws Exception {
        Path file = home.resolve("data/enrolment/" + device + ".secret");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!Files.isRegularFile(file) || Files.size(file) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the hub did not enrol " + device + ":\n" + log());
            }
            Thread.sleep(50);
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim().toCharArray();
    }

    String log() throws IOException {
        Path log = home.resolve("hub.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private int count(String prefix) throws IOException {
        return (int) log().lines().filter(l -> l.startsWith(prefix)).count();
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
