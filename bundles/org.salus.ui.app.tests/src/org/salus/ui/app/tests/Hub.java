package org.salus.ui.app.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The built hub jar (system property {@value #JAR_PROPERTY}) run as an operator runs it, in a folder of its own: broker
 * and HTTP on free loopback ports, its plugin repository trusting one publisher's certificate; plugins are published
 * with the operator's own tool, {@code salus-hub-admin publish-plugin} (system property {@value #ADMIN_PROPERTY}).
 */
final class Hub implements AutoCloseable {

    static final String JAR_PROPERTY = "salus.hub.jar";
    static final String ADMIN_PROPERTY = "salus.hub.admin";
    private static final long WAIT_SECONDS = 120;

    final Path home;
    final int httpPort;
    private final Process process;

    private Hub(Path home, int httpPort, Process process) {
        this.home = home;
        this.httpPort = httpPort;
        this.process = process;
    }

    /** Starts a hub in {@code home} whose plugin repository trusts {@code trustAnchor}; waits until it reports ready. */
    static Hub start(Path home, Path trustAnchor) throws Exception {
        Path jar = Path.of(required(JAR_PROPERTY));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the hub jar is built first: " + jar);
        }
        Files.createDirectories(home.resolve("load"));
        int http = freePort();
        Files.writeString(home.resolve("load/org.salus.hub.broker.cfg"), "host=127.0.0.1\nport=" + freePort() + "\n");
        Files.writeString(home.resolve("load/org.salus.hub.http.cfg"), "host=127.0.0.1\nport=" + http + "\n");
        Files.writeString(home.resolve("load/org.salus.hub.plugins.cfg"), "trustAnchors=" + trustAnchor.toAbsolutePath() + "\n");
        Process p = new ProcessBuilder(java(), "-Xmx256m", "-jar", jar.toAbsolutePath().toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("hub.log").toFile())).start();
        Hub hub = new Hub(home, http, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (hub.log().lines().noneMatch(l -> l.startsWith("Salus hub ready"))) {
            if (!p.isAlive()) {
                throw new AssertionError("the hub ended with " + p.exitValue() + ":\n" + hub.log());
            }
            if (System.nanoTime() > deadline) {
                hub.close();
                throw new AssertionError("the hub was not ready within " + WAIT_SECONDS + " s:\n" + hub.log());
            }
            Thread.sleep(50);
        }
        return hub;
    }

    /** The address workstations read the hub's plugins from. */
    URI repository() {
        return URI.create("http://127.0.0.1:" + httpPort + "/plugins/");
    }

    /** {@code salus-hub-admin publish-plugin jar}, run in the hub's folder; returns what it printed. */
    String publish(Path jar) throws Exception {
        Path admin = Path.of(required(ADMIN_PROPERTY));
        Process p = new ProcessBuilder(java(), admin.toAbsolutePath().toString(), "publish-plugin", jar.toAbsolutePath().toString())
                .directory(home.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("salus-hub-admin publish-plugin failed: " + out + "\nhub log:\n" + log());
        }
        return out;
    }

    String log() throws IOException {
        Path log = home.resolve("hub.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Stops the hub as its operator does, with SIGTERM. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new AssertionError("the system property " + property + " is not set");
        }
        return value;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
