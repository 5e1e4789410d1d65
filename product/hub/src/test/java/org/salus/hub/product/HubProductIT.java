package org.salus.hub.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.op.Hlc;
import org.salus.core.op.HybridLogicalClock;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.core.op.UuidV7;
import org.salus.sync.wire.Ack;
import org.salus.sync.wire.Page;
import org.salus.sync.wire.PullRequest;
import org.salus.sync.wire.PushBatch;
import org.salus.sync.wire.SyncCodec;
import org.salus.sync.wire.SyncTopics;

/**
 * Runs the exported hub jar as an operator does: start it, deploy through load/, stop it with SIGTERM, and connect
 * to its broker as a device does. Each hub gets a free broker port through load/ before it starts.
 */
class HubProductIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private Process hub;
    private Thread pump;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private int brokerPort;
    private int httpPort;

    @BeforeEach
    void configureBroker() throws IOException {
        brokerPort = freePort();
        writeConfig("org.salus.hub.broker", "host=127.0.0.1\nport=" + brokerPort + "\n");
        httpPort = freePort();
        writeConfig("org.salus.hub.http", "host=127.0.0.1\nport=" + httpPort + "\n");
    }

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
        if (hub != null && hub.isAlive()) {
            hub.destroyForcibly();
        }
    }

    @Test
    void reportsReadyWithItsVersion() throws Exception {
        startHub();
        String ready = awaitLine("Salus hub ready ");
        assertTrue(ready.matches("Salus hub ready \\d+\\.\\d+\\.\\d+ \\(org\\.apache\\.felix\\.framework .*"), ready);
        assertTrue(Files.isDirectory(home.resolve("load")), "the hub creates its load/ folder");
    }

    @Test
    void bundleDroppedIntoLoadIsStartedAndRemovingItUninstallsIt() throws Exception {
        startHub();
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
        startHub();
        awaitLine("Salus hub ready ");
        // kill(1) rather than Process.destroy(), which also closes the pipe this test reads the hub's last lines from
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(hub.pid())).inheritIO().start().waitFor());
        assertTrue(hub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "hub did not exit after SIGTERM");
        assertEquals(0, hub.exitValue(), String.join("\n", lines));
        awaitLine("Salus hub stopping (SIGTERM)");
        awaitLine("Salus hub broker stopped listening on 127.0.0.1:" + brokerPort);
        awaitLine("Salus hub stopped cleanly");
        assertFalse(listening(brokerPort), "the broker's port is closed");
    }

    @Test
    void brokerListensOnlyOnTheConfiguredPortAndAdmitsOnlyEnrolledDevices() throws Exception {
        // until devices pair themselves with the hub, an operator enrols them through load/
        writeConfig("org.salus.hub.devices", "enrol=dev-a1@A\n");
        startHub();
        awaitLine("Salus hub ready ");
        awaitLine("Salus hub enrolled device dev-a1 for clinic A");
        List<String> listening = lines.stream().filter(l -> l.startsWith("Salus hub broker listening on ")).toList();
        assertEquals(1, listening.size(), String.join("\n", lines));
        assertTrue(listening.get(0).startsWith("Salus hub broker listening on 127.0.0.1:" + brokerPort + " "), listening.get(0));
        assertTrue(lines.stream().noneMatch(l -> l.contains("cannot listen")), "the broker never tried another port:\n" + String.join("\n", lines));

        // the enrolment comes from load/ through ConfigAdmin, which may deliver it after the hub reports ready
        awaitLine("Salus hub enrolled device dev-a1 ");
        char[] secret = Files.readString(home.resolve("data/enrolment/dev-a1.secret"), StandardCharsets.UTF_8).toCharArray();
        assertFalse(Files.readString(home.resolve("data/devices.properties")).contains(new String(secret)), "only a hash is stored");
        MqttClient device = connect("A-dev-a1", "dev-a1", secret);
        try {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            // its own loop topic: what it publishes there the broker hands back to it alone
            device.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/A/echo/dev-a1", 1) },
                    new IMqttMessageListener[] { (t, m) -> received.add(new String(m.getPayload(), StandardCharsets.UTF_8)) });
            MqttMessage m = new MqttMessage("hello hub".getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            device.publish("salus/v1/A/echo/dev-a1", m);
            assertEquals("hello hub", received.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        } finally {
            device.disconnect();
            device.close();
        }
        assertEquals(0x86, connectReason("A-dev-a1", "dev-a1", "wrong".toCharArray()), "wrong secret");
        assertEquals(0x86, connectReason("A-x", "dev-unknown", secret), "unknown device");
    }

    @Test
    void aTakenBrokerPortIsNamedAndTheHubDoesNotReportReadyUntilTheOperatorChangesIt() throws Exception {
        writeConfig("org.salus.hub.readiness", "waitReportMillis=500\n");
        try (ServerSocket otherBroker = new ServerSocket(brokerPort, 50, InetAddress.getLoopbackAddress())) {
            startHub();
            awaitLine("Salus hub broker cannot listen on 127.0.0.1:" + brokerPort + ": the port is in use by another program. "
                    + "Set port=<free port> in load/org.salus.hub.broker.cfg (or stop the other broker).");
            String waiting = awaitLine("Salus hub waiting for: ");
            assertTrue(waiting.contains("org.salus.hub.broker"), waiting);
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("Salus hub ready")), String.join("\n", lines));
            assertTrue(hub.isAlive(), "the hub keeps running, so the operator can fix the port");

            // the operator follows the advice while the hub runs
            brokerPort = freePort();
            writeConfig("org.salus.hub.broker", "host=127.0.0.1\nport=" + brokerPort + "\n");
            awaitLine("Salus hub broker listening on 127.0.0.1:" + brokerPort + " ");
            awaitLine("Salus hub ready ");
        }
        assertTrue(listening(brokerPort));
    }

    @Test
    void aDevicesPushIsAckedKeptInTheHubLogAndServedAfterARestart() throws Exception {
        writeConfig("org.salus.hub.devices", "enrol=dev-a1@A\n");
        startHub();
        awaitLine("Salus hub ready ");
        awaitLine("Salus hub sync serving ");
        assertTrue(Files.isRegularFile(home.resolve("load/org.salus.store.h2.hub.cfg")), "the hub configured its hub log in load/");
        // the enrolment comes from load/ through ConfigAdmin, which may deliver it after the hub reports ready
        awaitLine("Salus hub enrolled device dev-a1 ");
        char[] secret = Files.readString(home.resolve("data/enrolment/dev-a1.secret"), StandardCharsets.UTF_8).toCharArray();
        SyncCodec codec = new SyncCodec();
        List<OpEnvelope> ops = chain("A", "dev-a1", 3);

        MqttClient device = connect("A-dev-a1", "dev-a1", secret);
        try {
            BlockingQueue<byte[]> acks = new LinkedBlockingQueue<>();
            device.subscribe(new MqttSubscription[] { new MqttSubscription(SyncTopics.ack("A", "dev-a1"), 1) },
                    new IMqttMessageListener[] { (t, m) -> acks.add(m.getPayload()) });
            MqttMessage push = new MqttMessage(codec.encode(new PushBatch(UUID.randomUUID().toString(), "A", "dev-a1", ops)));
            push.setQos(1);
            device.publish(SyncTopics.push("A", "dev-a1"), push);
            byte[] ack = acks.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(ack != null, "no ack:\n" + String.join("\n", lines));
            Ack a = codec.decodeAck(ack);
            assertEquals(3, a.ackedDeviceSeq());
            assertEquals(3, a.accepted());
        } finally {
            device.disconnect();
            device.close();
        }

        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(hub.pid())).inheritIO().start().waitFor());
        assertTrue(hub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "hub did not exit after SIGTERM");
        assertEquals(0, hub.exitValue(), String.join("\n", lines));
        lines.clear();
        startHub();
        awaitLine("Salus hub ready ");
        awaitLine("Salus hub sync serving ");

        MqttClient again = connect("A-dev-a1", "dev-a1", secret);
        try {
            BlockingQueue<MqttMessage> replies = new LinkedBlockingQueue<>();
            again.subscribe(new MqttSubscription[] { new MqttSubscription(SyncTopics.pullReply("A", "dev-a1"), 1) },
                    new IMqttMessageListener[] { (t, m) -> replies.add(m) });
            MqttMessage pull = new MqttMessage(codec.encode(new PullRequest(0, 100)));
            pull.setQos(1);
            MqttProperties p = new MqttProperties();
            p.setResponseTopic(SyncTopics.pullReply("A", "dev-a1"));
            p.setCorrelationData(new byte[] { 42 });
            pull.setProperties(p);
            again.publish(SyncTopics.pull("A", "dev-a1"), pull);
            MqttMessage reply = replies.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(reply != null, "no page:\n" + String.join("\n", lines));
            assertEquals(42, reply.getProperties().getCorrelationData()[0]);
            Page page = codec.decodePage(reply.getPayload());
            assertEquals(ops.stream().map(OpEnvelope::hash).toList(), page.ops().stream().map(OpEnvelope::hash).toList(),
                    "the operations survived the restart in the hub log");
            assertEquals(3, page.cursor());
        } finally {
            again.disconnect();
            again.close();
        }
    }

    @Test
    void healthMetricsAndEachDevicesSyncStatusAreServedOverHttp() throws Exception {
        writeConfig("org.salus.hub.devices", "enrol=dev-a1@A\n");
        startHub();
        awaitLine("Salus hub ready ");
        awaitLine("Salus hub sync serving ");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = get(http, "/health");
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("ready\n", health.body());

        // the enrolment comes from load/ through ConfigAdmin, which may deliver it after the hub reports ready
        awaitLine("Salus hub enrolled device dev-a1 ");
        char[] secret = Files.readString(home.resolve("data/enrolment/dev-a1.secret"), StandardCharsets.UTF_8).toCharArray();
        SyncCodec codec = new SyncCodec();
        MqttClient device = connect("A-dev-a1", "dev-a1", secret);
        try {
            BlockingQueue<byte[]> acks = new LinkedBlockingQueue<>();
            device.subscribe(new MqttSubscription[] { new MqttSubscription(SyncTopics.ack("A", "dev-a1"), 1) },
                    new IMqttMessageListener[] { (t, m) -> acks.add(m.getPayload()) });
            MqttMessage push = new MqttMessage(codec.encode(new PushBatch(UUID.randomUUID().toString(), "A", "dev-a1", chain("A", "dev-a1", 3))));
            push.setQos(1);
            MqttProperties props = new MqttProperties();
            // the device's clock runs 90 s ahead of the hub's
            props.setUserProperties(List.of(new UserProperty(SyncTopics.SENT_AT, Long.toString(System.currentTimeMillis() + 90_000))));
            push.setProperties(props);
            device.publish(SyncTopics.push("A", "dev-a1"), push);
            assertTrue(acks.poll(WAIT.toSeconds(), TimeUnit.SECONDS) != null, "no ack:\n" + String.join("\n", lines));

            HttpResponse<String> metrics = get(http, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            String m = metrics.body();
            assertTrue(m.contains("\nsalus_hub_ready 1\n"), m);
            assertTrue(m.contains("\nsalus_hub_devices_connected 1\n"), m);
            assertTrue(m.contains("\nsalus_hub_sync_pushes_total 1\n"), m);
            assertTrue(m.contains("\nsalus_hub_sync_ops_accepted_total 3\n"), m);
            assertTrue(m.contains("\nsalus_hub_sync_push_latency_seconds_count 1\n"), m);
            assertTrue(m.contains("\nsalus_hub_device_acked_seq{clinic=\"A\",device=\"dev-a1\"} 3\n"), m);

            HttpResponse<String> devices = get(http, "/devices");
            assertEquals(200, devices.statusCode());
            assertTrue(devices.body().contains("\"deviceId\": \"dev-a1\""), devices.body());
            Matcher skew = Pattern.compile("\"clockSkewMillis\": (-?\\d+)").matcher(devices.body());
            assertTrue(skew.find(), devices.body());
            long skewMillis = Long.parseLong(skew.group(1));
            assertTrue(skewMillis > 80_000 && skewMillis <= 90_000, "clock skew " + skewMillis + " ms");
        } finally {
            device.disconnect();
            device.close();
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode(), "the endpoints are read-only");
        assertEquals(404, get(http, "/nothing").statusCode());
    }

    @Test
    void aNewDeviceJoinsWithAPairingCodeAndTheAdministratorsApprovalThenSyncs() throws Exception {
        startHub();
        awaitLine("Salus hub ready ");
        awaitLine("Salus hub sync serving ");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> pairing = post(http, "/admin/pairing?clinic=A", "");
        assertEquals(200, pairing.statusCode(), pairing.body());
        String code = jsonField(pairing.body(), "code");

        HttpResponse<String> wrong = post(http, "/enrol", "code=ZZZZ-ZZZZ&deviceId=ws-ward3&name=Ward+3");
        assertEquals(403, wrong.statusCode(), wrong.body());
        HttpResponse<String> asked = post(http, "/enrol", "code=" + code + "&deviceId=ws-ward3&name=Ward+3");
        assertEquals(202, asked.statusCode(), asked.body());
        String requestId = jsonField(asked.body(), "requestId");
        String key = jsonField(asked.body(), "key");
        assertEquals(403, post(http, "/enrol", "code=" + code + "&deviceId=ws-ward4").statusCode(), "the code was used up");
        assertEquals("PENDING", jsonField(status(http, requestId, key).body(), "state"));
        assertEquals(404, status(http, requestId, "not-the-key").statusCode());
        assertTrue(get(http, "/admin/enrolments").body().contains("\"deviceId\": \"ws-ward3\""));

        assertEquals(200, post(http, "/admin/enrolments/" + requestId + "/approve", "").statusCode());
        awaitLine("Salus hub enrolled device ws-ward3 ");
        String credentials = status(http, requestId, key).body();
        assertEquals("COLLECTED", jsonField(credentials, "state"));
        assertEquals("A", jsonField(credentials, "clinicId"));
        char[] secret = jsonField(credentials, "secret").toCharArray();
        assertFalse(status(http, requestId, key).body().contains("secret"), "the secret is handed over once");

        SyncCodec codec = new SyncCodec();
        MqttClient device = connect("A-ws-ward3", "ws-ward3", secret);
        try {
            BlockingQueue<byte[]> acks = new LinkedBlockingQueue<>();
            device.subscribe(new MqttSubscription[] { new MqttSubscription(SyncTopics.ack("A", "ws-ward3"), 1) },
                    new IMqttMessageListener[] { (t, m) -> acks.add(m.getPayload()) });
            MqttMessage push = new MqttMessage(codec.encode(new PushBatch(UUID.randomUUID().toString(), "A", "ws-ward3", chain("A", "ws-ward3", 2))));
            push.setQos(1);
            device.publish(SyncTopics.push("A", "ws-ward3"), push);
            byte[] ack = acks.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(ack != null, "no ack:\n" + String.join("\n", lines));
            assertEquals(2, codec.decodeAck(ack).accepted());
        } finally {
            device.disconnect();
            device.close();
        }
        assertEquals(0x86, connectReason("A-ws-ward4", "ws-ward4", "guess".toCharArray()), "an unknown device is refused");
    }

    @Test
    void salusHubAdminPublishesASignedPluginAndRefusesAnUnsignedOneNamingIt() throws Exception {
        String bin = Path.of(javaBin()).getParent().toString();
        run(bin + "/keytool", "-genkeypair", "-alias", "publisher", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname",
                "CN=Example Plugins", "-storetype", "PKCS12", "-keystore", "publisher.p12", "-storepass", "publisher-pass");
        Files.createDirectories(home.resolve("data/trust"));
        run(bin + "/keytool", "-exportcert", "-alias", "publisher", "-keystore", "publisher.p12", "-storepass", "publisher-pass", "-rfc", "-file",
                "data/trust/publisher.pem");
        writeConfig("org.salus.hub.plugins", "trustAnchors=data/trust/publisher.pem\n");
        Path signed = home.resolve("example-plugin-1.0.0.jar");
        writePlugin(signed, "org.example.plugin", "1.0.0");
        run(bin + "/jarsigner", "-keystore", "publisher.p12", "-storepass", "publisher-pass", "-digestalg", "SHA-256", signed.toString(), "publisher");
        Path unsigned = home.resolve("unsigned-plugin-1.0.0.jar");
        writePlugin(unsigned, "org.example.unsigned", "1.0.0");
        startHub();
        awaitLine("Salus hub ready ");

        Path admin = Path.of("bin/HubAdmin.java").toAbsolutePath();
        String published = run(javaBin(), admin.toString(), "--port", String.valueOf(httpPort), "publish-plugin", signed.toString());
        assertTrue(published.contains("Published org.example.plugin 1.0.0"), published);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> index = get(http, "/plugins/index.xml");
        assertEquals(200, index.statusCode());
        assertTrue(index.body().contains("value=\"org.example.plugin\"") && index.body().contains("jars/org.example.plugin_1.0.0.jar"), index.body());
        assertEquals(200, get(http, "/plugins/jars/org.example.plugin_1.0.0.jar").statusCode());

        Process refused = new ProcessBuilder(javaBin(), admin.toString(), "--port", String.valueOf(httpPort), "publish-plugin", unsigned.toString())
                .directory(home.toFile()).redirectErrorStream(true).start();
        String said = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, refused.exitValue(), said);
        assertTrue(said.contains("unsigned-plugin-1.0.0.jar") && said.contains("not signed"), said);
        assertFalse(get(http, "/plugins/index.xml").body().contains("org.example.unsigned"), "the refused plugin is not served");
    }

    /** Runs a JDK tool or salus-hub-admin in the hub's folder; returns what it printed, failing when it fails. */
    private String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    private static void writePlugin(Path file, String symbolicName, String version) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", version);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, mf)) {
            jar.putNextEntry(new java.util.jar.JarEntry("readme.txt"));
            jar.write(("An example plugin, " + symbolicName + " " + version + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }

    @Test
    void aTakenHttpPortIsNamedWithTheFileToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            writeConfig("org.salus.hub.http", "host=127.0.0.1\nport=" + taken.getLocalPort() + "\n");
            startHub();
            awaitLine("Salus hub HTTP cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is in use by another program");
            String line = awaitLine("Salus hub HTTP cannot listen on ");
            assertTrue(line.endsWith("Set port=<free port> in load/org.salus.hub.http.cfg."), line);
        }
    }

    private HttpResponse<String> post(HttpClient http, String path, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(WAIT)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> status(HttpClient http, String requestId, String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/enrol/" + requestId)).timeout(WAIT)
                .header("X-Salus-Enrolment-Key", key).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String jsonField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": \"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    private HttpResponse<String> get(HttpClient http, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A device's real hash chain, sealed as a workstation seals it. */
    private static List<OpEnvelope> chain(String clinic, String device, int n) {
        UuidV7 ids = new UuidV7();
        List<OpEnvelope> ops = new ArrayList<>();
        String prev = OpHashes.GENESIS;
        for (int i = 1; i <= n; i++) {
            long now = System.currentTimeMillis();
            OpEnvelope op = new OpEnvelope(ids.nextString(), clinic, device, "pharmacist-1", "StockMovement", "sm-" + i, "stock.dispense", i,
                    new Hlc(now, i, HybridLogicalClock.nodeOf(device)).toString(), Instant.ofEpochMilli(now), 1, "{\"delta\":\"-" + i + "\"}", prev,
                    null, 0, null).sealed();
            prev = op.hash();
            ops.add(op);
        }
        return ops;
    }

    /** Writes a configuration into load/ with a rename, so FileInstall never reads half a file. */
    private void writeConfig(String pid, String content) throws IOException {
        Path load = Files.createDirectories(home.resolve("load"));
        Path staged = home.resolve(pid + ".cfg.part");
        Files.writeString(staged, content, StandardCharsets.UTF_8);
        Files.move(staged, load.resolve(pid + ".cfg"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private MqttClient connect(String clientId, String user, char[] secret) throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(new String(secret).getBytes(StandardCharsets.UTF_8));
        o.setAutomaticReconnect(false);
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + brokerPort, clientId, new MemoryPersistence());
        c.connect(o);
        return c;
    }

    private int connectReason(String clientId, String user, char[] secret) throws MqttException {
        try {
            MqttClient c = connect(clientId, user, secret);
            c.disconnect();
            c.close();
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
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
