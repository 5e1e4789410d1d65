package org.salus.bench;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.salus.core.command.Command;
import org.salus.core.command.CommandResult;
import org.salus.core.command.Dispense;
import org.salus.core.command.ReceiveStock;
import org.salus.core.command.RegisterMedicine;
import org.salus.core.internal.projection.Projector;
import org.salus.core.op.OpEnvelope;
import org.salus.demo.Gtin;
import org.salus.sync.mqtt.SyncState;
import org.salus.sync.mqtt.internal.SyncComponent;
import org.salus.sync.mqtt.internal.SyncConfig;
import org.salus.sync.net.NoDelaySockets;
import org.salus.sync.wire.PushBatch;
import org.salus.sync.wire.SyncCodec;

/**
 * {@code benchmarks/run sync [--ops N] [--samples N] [--warmup-rounds N]}: the workstation's sync engine against the
 * built hub (started as a process: H2 hub log, embedded broker). The measured scenario is a new workstation of a new
 * clinic pushing --ops operations it recorded offline. It is first run --warmup-rounds times (3 by default; 0 for none),
 * each time by another new device of another new clinic, as a JMH warm-up iteration runs the measured code: the hub,
 * the broker and this JVM then run code compiled for exactly that path, as after a while of service. Each round's rate
 * is printed; the first one is {@code sync-push-cold}, against one raw publish run right after it. Then workstation A
 * records --ops dispensings while it is offline, and its engine starts:
 * <ul>
 * <li>{@code sync-push}: A's operations per second until the hub has acked them all, against raw QoS 1 publishing of
 * as many messages of the same size as A's pushes by a bare Paho client to the same broker, in the same run: the
 * median of three runs before A's push and three after it;</li>
 * <li>{@code catch-up}: workstation B, new and empty, pulls and applies all of them;</li>
 * <li>{@code sync-latency}: with both online, --samples dispensings on A, each timed from its commit until B holds
 * it, p50 and p99.</li>
 * </ul>
 */
public final class SyncBench {

    private static final String CLINIC = "C1";
    /**
     * The clinics of the warm-up devices ({@code W1}, {@code W2}, ...), one each, so that every round is a new device's
     * first push to a new clinic, as A's is, and B's catch-up and the latency samples see only A's operations.
     */
    private static final String WARMUP_CLINIC = "W";

    private SyncBench() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.of(args, "ops", "samples", "warmup-rounds");
        int ops = flags.integer("ops", 100_000);
        int samples = flags.integer("samples", 200);
        // a hub that has served for a while: the measured scenario run three times before it is measured
        int rounds = flags.integer("warmup-rounds", 3);
        Path root = Path.of(System.getProperty("salus.root", "."));
        Path jar = root.resolve("product/hub/target/salus-hub.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the hub jar is not built (" + jar + "): run ./mvnw -B install -DskipTests first");
        }
        Path home = Files.createTempDirectory("salus-bench-sync");
        int brokerPort = HubLoadBench.freePort();
        Files.createDirectories(home.resolve("load"));
        Files.writeString(home.resolve("load/org.salus.hub.broker.cfg"), "host=127.0.0.1\nport=" + brokerPort + "\n");
        Files.writeString(home.resolve("load/org.salus.hub.http.cfg"), "host=127.0.0.1\nport=" + HubLoadBench.freePort() + "\n");
        StringBuilder enrol = new StringBuilder("enrol=ws-a@" + CLINIC + ",ws-b@" + CLINIC + ",ws-raw@" + CLINIC);
        for (int r = 1; r <= rounds; r++) {
            enrol.append(",ws-w").append(r).append('@').append(WARMUP_CLINIC).append(r);
        }
        Files.writeString(home.resolve("load/org.salus.hub.devices.cfg"), enrol + "\n");
        Process hub = new ProcessBuilder(HubLoadBench.java(), "-jar", jar.toString()).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("hub.log").toFile()).start();
        String url = "tcp://127.0.0.1:" + brokerPort;
        try (LocalClinic a = LocalClinic.device(home.resolve("ws-a"), LocalClinic.clockFrom(LocalDate.of(2026, 11, 22)), CLINIC, "ws-a");
                LocalClinic b = LocalClinic.device(home.resolve("ws-b"), LocalClinic.clockFrom(LocalDate.of(2026, 11, 22)), CLINIC, "ws-b")) {
            HubLoadBench.awaitLine(home.resolve("hub.log"), "Salus hub sync serving ", hub);
            HubLoadBench.awaitFiles(home.resolve("data/enrolment"), 3 + rounds, hub);

            for (int r = 1; r <= rounds; r++) {
                // the measured scenario on a new device of a new clinic: the hub, the broker and this JVM then run code
                // compiled for it, as they do after a few minutes of service; the first round's figures are the cold ones
                String clinic = WARMUP_CLINIC + r;
                String device = "ws-w" + r;
                try (LocalClinic w = LocalClinic.device(home.resolve(device), LocalClinic.clockFrom(LocalDate.of(2026, 11, 22)), clinic, device)) {
                    recordOffline(w, ops, 0, device);
                    long wTotal = w.ops();
                    long w0 = System.nanoTime();
                    SyncComponent engineW = new SyncComponent(config(url, clinic, device, secret(home, device)), w.store, new Projector());
                    try {
                        awaitState(engineW, s -> s.ackedDeviceSeq() >= wTotal && s.backlog() == 0, "the push of warm-up round " + r);
                    } finally {
                        engineW.deactivate();
                    }
                    double wSeconds = (System.nanoTime() - w0) / 1e9;
                    System.out.printf("sync: warm-up round %d of %d: %s pushed %d operations in %.2f s (%.0f ops/s)%n", r, rounds, device, wTotal,
                            wSeconds, wTotal / wSeconds);
                    if (r == 1) {
                        double wRaw = rawPublish(url, secret(home, "ws-raw"), w, clinic, device, wTotal);
                        Figures.print("sync-push-cold", wTotal / wSeconds, "ops/s", wTotal / wRaw);
                    }
                }
            }

            // A works offline: a medicine, a large batch, and the dispensings, in transactions of 1,000
            String medicine = recordOffline(a, ops, samples, "A");
            long total = a.ops();

            // the raw baseline: three runs before A's push and three after it, and the median of the six
            double[] raw = new double[6];
            for (int i = 0; i < 3; i++) {
                raw[i] = rawPublish(url, secret(home, "ws-raw"), a, CLINIC, "ws-a", total);
            }
            long p0 = System.nanoTime();
            SyncComponent engineA = new SyncComponent(config(url, CLINIC, "ws-a", secret(home, "ws-a")), a.store, new Projector());
            try {
                awaitState(engineA, s -> s.ackedDeviceSeq() >= total && s.backlog() == 0, "A's push");
                double pushSeconds = (System.nanoTime() - p0) / 1e9;
                System.out.printf("sync: A pushed %d operations in %.2f s%n", total, pushSeconds);
                for (int i = 3; i < 6; i++) {
                    raw[i] = rawPublish(url, secret(home, "ws-raw"), a, CLINIC, "ws-a", total);
                }
                double rawSeconds = Figures.percentile(raw, 50);

                long c0 = System.nanoTime();
                SyncComponent engineB = new SyncComponent(config(url, CLINIC, "ws-b", secret(home, "ws-b")), b.store, new Projector());
                try {
                    // A's operations are the hub's serverSeqs 1 to total; B's cursor commits with what it applied. (Counting B's
                    // op log instead cost the ingest half a core: H2 counts rows one by one while a transaction is open.)
                    awaitState(engineB, s -> s.cursor() >= total, "B's catch-up");
                    double catchUp = (System.nanoTime() - c0) / 1e9;
                    long held = b.ops();
                    System.out.printf("sync: B caught up with %d operations in %.1f s%n", held, catchUp);
                    if (held < total) {
                        throw new IllegalStateException("B's cursor passed " + total + " but it holds " + held + " operations");
                    }

                    double[] latencies = new double[samples];
                    for (int i = 0; i < samples; i++) {
                        CommandResult r = a.commands.execute(LocalClinic.PHARMACIST, Dispense.fefo(medicine, 1));
                        long t0 = System.nanoTime();
                        String opId = r.operations().get(0).opId();
                        while (b.store.read(tx -> tx.opLog().find(opId)).isEmpty()) {
                            if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
                                throw new IllegalStateException("operation " + opId + " did not reach B within 30 s");
                            }
                            Thread.sleep(0, 200_000); // the poll of B's store, 0.2 ms
                        }
                        latencies[i] = (System.nanoTime() - t0) / 1e6;
                    }
                    Figures.print("sync-push", total / pushSeconds, "ops/s", total / rawSeconds);
                    Figures.print("catch-up", catchUp, "s");
                    Figures.print("catch-up-ops", total / catchUp, "ops/s");
                    Figures.print("sync-latency-p50", Figures.percentile(latencies, 50), "ms");
                    Figures.print("sync-latency-p99", Figures.percentile(latencies, 99), "ms");
                } finally {
                    engineB.deactivate();
                }
            } finally {
                engineA.deactivate();
            }
        } finally {
            hub.destroy();
            if (!hub.waitFor(30, TimeUnit.SECONDS)) {
                hub.destroyForcibly();
            }
            HubLoadBench.deleteTree(home);
        }
    }

    /** A medicine, a large batch, and the dispensings, in transactions of 1,000, while the device is offline. @return the medicine */
    private static String recordOffline(LocalClinic a, int ops, int samples, String name) throws Exception {
        String medicine = a.commands.execute(LocalClinic.PHARMACIST, new RegisterMedicine(Gtin.withCheckDigit("0950000000001"), "Paracetamol",
                "tablet", "500 mg", "tablet", 10, false)).createdId("Medicine");
        for (int lot = 1; lot <= (ops + samples) / 1_000_000 + 1; lot++) {
            a.commands.execute(LocalClinic.PHARMACIST, new ReceiveStock(medicine, "LOT-" + lot, LocalDate.of(2030, 1, 31), "pharmacy", 1_000_000));
        }
        long r0 = System.nanoTime();
        for (int done = 0; done < ops; done += 1000) {
            List<Command> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(1000, ops - done); i++) {
                batch.add(Dispense.fefo(medicine, 1));
            }
            a.commands.executeAll(LocalClinic.PHARMACIST, batch);
        }
        System.out.printf("sync: workstation %s recorded %d operations offline in %.1f s%n", name, a.ops(), (System.nanoTime() - r0) / 1e9);
        return medicine;
    }

    /** The baseline: a bare Paho client publishes, at QoS 1 and one at a time, as many messages of the same size as the device's pushes. */
    private static double rawPublish(String url, char[] secret, LocalClinic a, String clinic, String device, long total) throws Exception {
        SyncCodec codec = new SyncCodec();
        List<OpEnvelope> sample = new ArrayList<>();
        a.store.read(tx -> {
            tx.opLog().scanDevice(device, 1, op -> sample.add(op) && sample.size() < 500);
            return null;
        });
        int bytes = codec.encode(new PushBatch(UUID.randomUUID().toString(), clinic, device, sample)).length;
        long messages = (total + 499) / 500;
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("ws-raw");
        // the socket options of the workstation's engine (PahoHubLink): with Nagle's algorithm on, the tail of each
        // message waited for the broker's delayed TCP ack, which made a run take 1 to 6 s depending on the kernel's ack timing
        o.setSocketFactory(NoDelaySockets.INSTANCE);
        o.setPassword(new String(secret).getBytes(StandardCharsets.UTF_8));
        MqttClient c = new MqttClient(url, CLINIC + "-ws-raw", new MemoryPersistence());
        c.connect(o);
        try {
            long t0 = System.nanoTime();
            for (long i = 0; i < messages; i++) {
                MqttMessage m = new MqttMessage(new byte[bytes]);
                m.setQos(1);
                // the device's own loop topic, which the hub does not read
                c.publish("salus/v1/" + CLINIC + "/echo/ws-raw", m);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("sync: raw publish of %d messages of %d bytes in %.2f s%n", messages, bytes, seconds);
            return seconds;
        } finally {
            c.disconnect();
            c.close();
        }
    }

    private interface Check {
        boolean done(SyncState s) throws Exception;
    }

    private static void awaitState(SyncComponent engine, Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            SyncState s = engine.state();
            if (check.done(s)) {
                return;
            }
            Thread.sleep(5); // the poll of the engine's state
        }
        throw new IllegalStateException(what + " did not finish within 10 minutes: " + engine.state());
    }

    private static char[] secret(Path home, String device) throws Exception {
        return Files.readString(home.resolve("data/enrolment/" + device + ".secret")).trim().toCharArray();
    }

    /** The engine's settings as ConfigAdmin would give them: the four named, every other its declared default. */
    static SyncConfig config(String url, String clinic, String device, char[] secret) {
        return (SyncConfig) Proxy.newProxyInstance(SyncConfig.class.getClassLoader(), new Class<?>[] { SyncConfig.class }, (proxy, m, args) ->
            switch (m.getName()) {
                case "hubUrl" -> url;
                case "clinicId" -> clinic;
                case "deviceId" -> device;
                case "_secret" -> new String(secret);
                case "annotationType" -> SyncConfig.class;
                case "toString" -> "SyncConfig[" + device + "]";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> m.getDefaultValue();
            });
    }
}
