package org.salus.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.salus.core.op.Hlc;
import org.salus.core.op.HybridLogicalClock;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.core.op.UuidV7;
import org.salus.sync.net.NoDelaySockets;
import org.salus.sync.wire.Ack;
import org.salus.sync.wire.PushBatch;
import org.salus.sync.wire.SyncCodec;
import org.salus.sync.wire.SyncTopics;

/**
 * {@code benchmarks/run hub-load [--devices N] [--batches N] [--ops N] [--broker embedded|mosquitto]}: N devices
 * connect to one hub (the built hub jar, started as a process) and push at once: each sends --batches push messages of
 * --ops operations of a real hash chain, the next as soon as the previous is acked. Reports operations per second,
 * the p50/p99 time from a push to its ack, the hub's heap (from its /metrics) and the operations lost (acked
 * sequence short of what was sent; must be 0). The baseline, in the same run and from the same clients, is raw QoS 1
 * publishing of messages of the same size to the same broker (each acked by the broker only). With {@code --broker
 * mosquitto} the hub and the devices use the Mosquitto at 127.0.0.1:1883 (anonymous) instead of the embedded broker.
 */
public final class HubLoadBench {

    private static final SyncCodec CODEC = new SyncCodec();
    private static final Pattern HEAP = Pattern.compile("(?m)^salus_hub_jvm_heap_used_bytes (\\d+)");

    private HubLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.of(args, "devices", "batches", "ops", "broker");
        int devices = flags.integer("devices", 1000);
        int batches = flags.integer("batches", 10);
        int opsPerBatch = flags.integer("ops", 10);
        boolean mosquitto = flags.text("broker", "embedded").equals("mosquitto");
        Path root = Path.of(System.getProperty("salus.root", "."));
        Path jar = root.resolve("product/hub/target/salus-hub.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the hub jar is not built (" + jar + "): run ./mvnw -B install -DskipTests first");
        }
        Path home = Files.createTempDirectory("salus-bench-hub-load");
        int brokerPort = mosquitto ? 1883 : freePort();
        int httpPort = freePort();
        Files.createDirectories(home.resolve("load"));
        Files.writeString(home.resolve("load/org.salus.hub.http.cfg"), "host=127.0.0.1\nport=" + httpPort + "\n");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            ids.add(String.format("dev-%05d", i));
        }
        if (mosquitto) {
            // the hub runs without its broker and serves through Mosquitto; Mosquitto's own settings decide who connects
            Files.writeString(home.resolve("load/org.salus.hub.sync.cfg"), "brokerUrl=tcp://127.0.0.1:1883\n");
            Files.writeString(home.resolve("load/org.salus.hub.readiness.cfg"), "requiredComponents=org.salus.core.platform,org.salus.hub.lifecycle,"
                    + "org.salus.hub.devices,org.salus.store.h2.hub,org.salus.hub.sync\n");
            Files.writeString(home.resolve("load/org.salus.hub.broker.cfg"), "host=127.0.0.1\nport=" + freePort() + "\n");
        } else {
            Files.writeString(home.resolve("load/org.salus.hub.broker.cfg"), "host=127.0.0.1\nport=" + brokerPort + "\n");
        }
        Files.writeString(home.resolve("load/org.salus.hub.devices.cfg"), "enrol=" + ids.stream().map(d -> d + "@C1").reduce((a, b) -> a + "," + b)
                .orElseThrow() + "\n");
        Process hub = new ProcessBuilder(java(), "-Xmx1g", "-jar", jar.toString()).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("hub.log").toFile()).start();
        try {
            awaitLine(home.resolve("hub.log"), "Salus hub sync serving ", hub);
            awaitFiles(home.resolve("data/enrolment"), devices, hub);
            List<Device> fleet = new ArrayList<>();
            for (String id : ids) {
                char[] secret = mosquitto ? new char[0] : Files.readString(home.resolve("data/enrolment/" + id + ".secret")).trim().toCharArray();
                fleet.add(new Device(id, "tcp://127.0.0.1:" + brokerPort, secret, chain("C1", id, batches * opsPerBatch)));
            }
            long c0 = System.nanoTime();
            connectAll(fleet);
            System.out.printf("hub-load: %d devices connected in %.1f s (%s broker)%n", devices, (System.nanoTime() - c0) / 1e9,
                    mosquitto ? "Mosquitto" : "embedded");
            SyncCodec codec = new SyncCodec();
            int messageBytes = codec.encode(new PushBatch(UUID.randomUUID().toString(), "C1", ids.get(0),
                    fleet.get(0).chain.subList(0, opsPerBatch))).length;

            // baseline: the same clients publish messages of the same size at QoS 1, acked by the broker only
            long b0 = System.nanoTime();
            List<CompletableFuture<Void>> raw = new ArrayList<>();
            for (Device d : fleet) {
                raw.add(d.publishRaw(batches, messageBytes));
            }
            CompletableFuture.allOf(raw.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            double rawSeconds = (System.nanoTime() - b0) / 1e9;

            long t0 = System.nanoTime();
            List<CompletableFuture<Void>> pushes = new ArrayList<>();
            for (Device d : fleet) {
                pushes.add(d.push(codec, batches, opsPerBatch));
            }
            CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - t0) / 1e9;

            long sent = (long) devices * batches * opsPerBatch;
            long acked = fleet.stream().mapToLong(d -> d.ackedSeq.get()).sum();
            double[] latencies = fleet.stream().flatMap(d -> d.latencies.stream()).mapToDouble(Double::doubleValue).toArray();
            String metrics = get("http://127.0.0.1:" + httpPort + "/metrics");
            Matcher heap = HEAP.matcher(metrics);
            long heapBytes = heap.find() ? Long.parseLong(heap.group(1)) : -1;
            System.out.printf("hub-load: %d devices x %d pushes x %d ops (%d B per push) in %.1f s; raw publish of the same messages %.1f s%n",
                    devices, batches, opsPerBatch, messageBytes, seconds, rawSeconds);
            for (Device d : fleet) {
                d.close();
            }
            Figures.print("hub-load-ops", sent / seconds, "ops/s", (double) devices * batches * opsPerBatch / rawSeconds);
            Figures.print("hub-load-ack-p50", Figures.percentile(latencies, 50), "ms");
            Figures.print("hub-load-ack-p99", Figures.percentile(latencies, 99), "ms");
            Figures.print("hub-load-heap", heapBytes / 1048576.0, "MiB");
            Figures.print("hub-load-lost-ops", sent - acked, "ops");
        } finally {
            hub.destroy();
            if (!hub.waitFor(30, TimeUnit.SECONDS)) {
                hub.destroyForcibly();
            }
            deleteTree(home);
        }
    }

    /** One simulated device: its own connection and hash chain. */
    private static final class Device {
        final String id;
        final MqttAsyncClient client;
        final MqttConnectionOptions options = new MqttConnectionOptions();
        final List<OpEnvelope> chain;
        final AtomicLong ackedSeq = new AtomicLong();
        final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        volatile CompletableFuture<Ack> waiting;
        volatile long sentAt;

        Device(String id, String uri, char[] secret, List<OpEnvelope> chain) throws Exception {
            this.id = id;
            this.chain = chain;
            // Paho runs each client's three threads on the executor it is given: a shared pool would starve all but the first
            this.client = new MqttAsyncClient(uri, "C1-" + id, new MemoryPersistence());
            options.setCleanStart(true);
            client.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    CompletableFuture<Ack> w = waiting;
                    if (w != null) {
                        w.complete(CODEC.decodeAck(message.getPayload()));
                    }
                }

                @Override
                public void disconnected(MqttDisconnectResponse response) {
                    CompletableFuture<Ack> w = waiting;
                    if (w != null) {
                        w.completeExceptionally(new IllegalStateException(id + " was disconnected: " + response));
                    }
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
            options.setKeepAliveInterval(60);
            options.setConnectionTimeout(60);
            // the socket options of a workstation's engine (PahoHubLink), for the pushes and the raw baseline alike
            options.setSocketFactory(NoDelaySockets.INSTANCE);
            if (secret.length > 0) {
                options.setUserName(id);
                options.setPassword(new String(secret).getBytes(StandardCharsets.UTF_8));
            }
        }

        CompletableFuture<Void> connect() throws Exception {
            CompletableFuture<Void> done = new CompletableFuture<>();
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    try {
                        client.subscribe(SyncTopics.ack("C1", id), 1, null,
                                new MqttActionListener() {
                                    @Override
                                    public void onSuccess(IMqttToken s) {
                                        done.complete(null);
                                    }

                                    @Override
                                    public void onFailure(IMqttToken s, Throwable e) {
                                        done.completeExceptionally(e);
                                    }
                                });
                    } catch (Exception e) {
                        done.completeExceptionally(e);
                    }
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    done.completeExceptionally(new IllegalStateException(id + " could not connect", e));
                }
            });
            return done;
        }

        CompletableFuture<Void> publishRaw(int count, int bytes) {
            return CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        MqttMessage m = new MqttMessage(new byte[bytes]);
                        m.setQos(1);
                        // the device's own loop topic, which the hub does not read
                        client.publish("salus/v1/C1/echo/" + id, m).waitForCompletion(60_000);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(id + ": " + e, e);
                }
            }, POOL);
        }

        CompletableFuture<Void> push(SyncCodec codec, int batches, int ops) {
            return CompletableFuture.runAsync(() -> {
                try {
                    for (int b = 0; b < batches; b++) {
                        List<OpEnvelope> batch = chain.subList(b * ops, (b + 1) * ops);
                        MqttMessage m = new MqttMessage(codec.encode(new PushBatch(UUID.randomUUID().toString(), "C1", id, batch)));
                        m.setQos(1);
                        CompletableFuture<Ack> ack = new CompletableFuture<>();
                        waiting = ack;
                        long t = System.nanoTime();
                        client.publish(SyncTopics.push("C1", id), m);
                        Ack a = ack.get(120, TimeUnit.SECONDS);
                        latencies.add((System.nanoTime() - t) / 1e6);
                        ackedSeq.set(a.ackedDeviceSeq());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(id + ": " + e, e);
                }
            }, POOL);
        }

        void close() {
            try {
                client.disconnect().waitForCompletion(5_000);
                client.close();
            } catch (Exception e) {
                // the run is over; a slow disconnect changes no figure
            }
        }
    }

    /** One thread per device while it pushes: each waits for its ack before the next push. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "device");
        t.setDaemon(true);
        return t;
    });

    private static void connectAll(List<Device> fleet) throws Exception {
        // in waves, as devices come online after a network outage, so that the broker's accept queue never overflows
        int wave = 100;
        for (int i = 0; i < fleet.size(); i += wave) {
            List<CompletableFuture<Void>> f = new ArrayList<>();
            for (Device d : fleet.subList(i, Math.min(fleet.size(), i + wave))) {
                f.add(d.connect());
            }
            CompletableFuture.allOf(f.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        }
    }

    static List<OpEnvelope> chain(String clinic, String device, int n) {
        UuidV7 uuids = new UuidV7();
        List<OpEnvelope> ops = new ArrayList<>(n);
        String prev = OpHashes.GENESIS;
        long now = System.currentTimeMillis();
        for (int i = 1; i <= n; i++) {
            OpEnvelope op = new OpEnvelope(uuids.nextString(), clinic, device, "pharmacist-1", "StockMovement", uuids.nextString(), "stock.dispense", i,
                    new Hlc(now + i, 0, HybridLogicalClock.nodeOf(device)).toString(), Instant.ofEpochMilli(now + i), 1,
                    "{\"batch\":\"b-" + (i % 7) + "\",\"delta\":\"-1\",\"reason\":\"dispensed\"}", prev, null, 0, null).sealed();
            prev = op.hash();
            ops.add(op);
        }
        return ops;
    }

    static void awaitLine(Path log, String prefix, Process hub) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            if (!hub.isAlive()) {
                throw new IllegalStateException("the hub stopped:\n" + Files.readString(log));
            }
            Thread.sleep(100); // poll interval of the hub's log
        }
        throw new IllegalStateException("the hub did not print '" + prefix + "' within 3 minutes:\n" + Files.readString(log));
    }

    static void awaitFiles(Path dir, int count, Process hub) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.filter(p -> p.toString().endsWith(".secret")).count() >= count) {
                        return;
                    }
                }
            }
            if (!hub.isAlive()) {
                throw new IllegalStateException("the hub stopped before enrolling " + count + " devices");
            }
            Thread.sleep(100); // poll interval of the enrolment folder
        }
        throw new IllegalStateException("the hub did not enrol " + count + " devices within 5 minutes");
    }

    private static String get(String uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
