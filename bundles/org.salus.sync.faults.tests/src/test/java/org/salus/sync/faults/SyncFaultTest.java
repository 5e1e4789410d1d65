package org.salus.sync.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.salus.bench.LocalClinic;
import org.salus.core.command.Command;
import org.salus.core.command.Dispense;
import org.salus.core.command.ReceiveStock;
import org.salus.core.command.RegisterMedicine;
import org.salus.core.internal.projection.Projector;
import org.salus.core.op.OpEnvelope;
import org.salus.demo.Gtin;
import org.salus.sync.mqtt.SyncState;
import org.salus.sync.mqtt.internal.SyncComponent;
import org.salus.sync.wire.Page;
import org.salus.sync.wire.PullRequest;
import org.salus.sync.wire.SyncCodec;
import org.salus.sync.wire.SyncTopics;

/**
 * {@code kill -9} in the middle of sync, with real processes: the built hub jar (H2 hub log, embedded broker) and
 * clinic workstations (encrypted H2 store, core commands, sync engine). First the hub dies while a workstation pushes a
 * large backlog; then a workstation in a JVM of its own dies while it pulls the clinic's log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncFaultTest {

    private static final String CLINIC = "C1";
    /** Dispensings recorded offline by workstation A; the push takes many batches of 100. */
    private static final int DISPENSINGS = 4_000;
    /** The pulling workstation's page size (PullingWorkstation). */
    private static final long PAGE_OPS = 100;
    private static final long WAIT_MS = 120_000;

    private static Path dir;
    private static HubProcess hub;
    private static List<OpEnvelope> hubOps;

    @BeforeAll
    static void startHub() throws Exception {
        dir = Path.of(System.getProperty("salus.test.dir", "target/faults"));
        deleteTree(dir);
        Files.createDirectories(dir);
        hub = new HubProcess(dir.resolve("hub"), "ws-a@" + CLINIC, "ws-w@" + CLINIC, "ws-check@" + CLINIC);
        hub.start();
    }

    @AfterAll
    static void stopHub() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    @Order(1)
    void theHubKilledInTheMiddleOfAPushHoldsEveryOperationOnceAfterItsRestart() throws Exception {
        try (LocalClinic a = LocalClinic.device(dir.resolve("ws-a"), LocalClinic.clockFrom(LocalDate.of(2026, 11, 22)), CLINIC, "ws-a")) {
            // workstation A works offline: a medicine, a batch, and the dispensings, in transactions of 500
            String medicine = a.commands.execute(LocalClinic.PHARMACIST, new RegisterMedicine(Gtin.withCheckDigit("0950000000001"), "Paracetamol",
                    "tablet", "500 mg", "tablet", 10, false)).createdId("Medicine");
            a.commands.execute(LocalClinic.PHARMACIST, new ReceiveStock(medicine, "LOT-1", LocalDate.of(2030, 1, 31), "pharmacy", 1_000_000));
            for (int done = 0; done < DISPENSINGS; done += 500) {
                List<Command> batch = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    batch.add(Dispense.fefo(medicine, 1));
                }
                a.commands.executeAll(LocalClinic.PHARMACIST, batch);
            }
            long total = a.ops();
            assertTrue(total > DISPENSINGS, "A holds its dispensings and the medicine and batch: " + total);

            Map<String, Object> settings = engine("ws-a", hub.secret("ws-a"));
            settings.put("pushBatchOps", 100);
            SyncComponent engine = new SyncComponent(Engines.config(settings), a.store, new Projector());
            long ackedAtKill;
            try {
                // the engine pushes as soon as it is connected (up to 4 batches in flight, its acked position kept at the end of the
                // round), so the hub dies while the first batches are on their way
                awaitState(engine, s -> s.connected(), "A's push is under way");
                hub.kill9();
                ackedAtKill = engine.state().ackedDeviceSeq();
                assertTrue(ackedAtKill < total, "the hub died in the middle of the push: " + ackedAtKill + " of " + total + " acked");
                System.out.println("[faults] hub killed with kill -9 after " + ackedAtKill + " of " + total + " operations were acked");

                hub.start();
                awaitState(engine, s -> s.backlog() == 0 && s.ackedDeviceSeq() == total && s.connected(), "A's push completes after the restart");
            } finally {
                engine.deactivate();
            }
            SyncState end = engine.state();

            // what the hub holds, read over the wire as a device pulls it: each operation once, numbered 1, 2, 3, ... without a gap
            hubOps = pullEverything(hub.secret("ws-check"));
            assertEquals(total, hubOps.size(), "the hub holds as many operations as A recorded");
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < hubOps.size(); i++) {
                OpEnvelope op = hubOps.get(i);
                assertEquals(i + 1, op.serverSeq(), "serverSeq continues without a gap or a repeat at " + op.opId());
                assertEquals(i + 1, op.deviceSeq(), "A's chain arrives in order");
                assertTrue(ids.add(op.opId()), "operation " + op.opId() + " is held once");
            }
            Set<String> local = new HashSet<>();
            a.store.read(tx -> {
                tx.opLog().scanDevice("ws-a", 1, op -> local.add(op.opId()));
                return null;
            });
            assertEquals(local, ids, "the hub holds exactly A's operations");
            assertEquals(total, end.ackedDeviceSeq(), "A's acked position is the hub's last operation of A");
            assertEquals(hubOps.get(hubOps.size() - 1).deviceSeq(), end.ackedDeviceSeq());
            System.out.println("[faults] after the restart the hub holds " + hubOps.size() + " operations, serverSeq 1.." + hubOps.size()
                    + ", A reported " + end.hubDuplicates() + " duplicates pushed again");
        }
    }

    @Test
    @Order(2)
    void aWorkstationKilledInTheMiddleOfAPullResumesFromItsCursorAndEndsWithEveryOperationOnce() throws Exception {
        assertNotNull(hubOps, "runs after the hub has A's operations");
        long last = hubOps.get(hubOps.size() - 1).serverSeq();
        Path store = dir.resolve("ws-w");
        Path secret = dir.resolve("ws-w.secret");
        Files.writeString(secret, new String(hub.secret("ws-w")));

        Workstation first = Workstation.start(store, hub.url(), secret, last);
        assertEquals("start cursor 0 ops 0", first.await(l -> l.startsWith("start ")));
        String reached = first.await(l -> l.startsWith("cursor ") && Long.parseLong(l.substring(7)) >= 1_200);
        first.kill9();
        long reportedBeforeKill = Long.parseLong(reached.substring(7));
        for (String l : first.lines) {
            if (l.startsWith("cursor ")) {
                reportedBeforeKill = Math.max(reportedBeforeKill, Long.parseLong(l.substring(7)));
            }
        }
        assertTrue(reportedBeforeKill < last, "the workstation died in the middle of the pull: cursor " + reportedBeforeKill + " of " + last);
        System.out.println("[faults] workstation killed with kill -9 at cursor " + reportedBeforeKill + " of " + last);

        Workstation second = Workstation.start(store, hub.url(), secret, last);
        String start = second.await(l -> l.startsWith("start "));
        String[] s = start.split(" ");
        long resumedAt = Long.parseLong(s[2]);
        long opsKept = Long.parseLong(s[4]);
        // a page's commit is visible to the store's readers a moment before it is forced to the disk, and the engine asks for the
        // next page only once it is: the kill may take that one page, never an earlier one
        assertTrue(resumedAt >= reportedBeforeKill - PAGE_OPS, "the cursor the store kept (" + resumedAt + ") is at most one page behind the"
                + " last one seen, " + reportedBeforeKill);
        assertTrue(resumedAt > 0, "the restart does not start over");
        assertTrue(resumedAt < last, "the restart resumes in the middle: " + resumedAt);
        assertEquals(resumedAt, opsKept, "the store holds exactly the operations up to its cursor");
        String done = second.await(l -> l.startsWith("done "));
        assertEquals("done cursor " + last + " ops " + hubOps.size() + " distinct " + hubOps.size() + " intact true", done);
        assertEquals(0, second.process.waitFor(), "the workstation ends cleanly");
        System.out.println("[faults] restarted at cursor " + resumedAt + ", " + done);
    }

    /** A workstation JVM and the lines it printed. */
    private static final class Workstation {
        final Process process;
        final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();

        private Workstation(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                        fresh.add(line);
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "workstation-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Workstation start(Path store, String url, Path secret, long expected) throws IOException {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                    System.getProperty("java.class.path"), PullingWorkstation.class.getName(), store.toString(), url, CLINIC, "ws-w",
                    secret.toString(), Long.toString(expected))
                    .redirectError(ProcessBuilder.Redirect.appendTo(store.resolveSibling("ws-w-stderr.log").toFile())).start();
            return new Workstation(p);
        }

        String await(java.util.function.Predicate<String> wanted) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (true) {
                long left = deadline - System.nanoTime();
                String l = left <= 0 ? null : fresh.poll(left, TimeUnit.NANOSECONDS);
                if (l == null) {
                    throw new AssertionError("the workstation did not print the line awaited within " + WAIT_MS + " ms; it printed " + lines);
                }
                if (wanted.test(l)) {
                    return l;
                }
            }
        }

        void kill9() throws Exception {
            assertEquals(0, new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start().waitFor());
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the workstation died");
        }
    }

    private static Map<String, Object> engine(String device, char[] secret) {
        Map<String, Object> s = new HashMap<>();
        s.put("hubUrl", hub.url());
        s.put("clinicId", CLINIC);
        s.put("deviceId", device);
        s.put("_secret", new String(secret));
        // the hub is away for seconds, not minutes: come back soon, and count a lost ack after 3 s
        s.put("retryMinMillis", 100L);
        s.put("retryMaxMillis", 1_000L);
        s.put("answerWaitMillis", 3_000L);
        return s;
    }

    private interface Check {
        boolean done(SyncState s);
    }

    private static void awaitState(SyncComponent engine, Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!check.done(engine.state())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT_MS + " ms for: " + what + "; " + engine.state());
            }
            Thread.sleep(2); // the poll of the engine's state
        }
    }

    /** Pulls the clinic's whole log from the hub as device ws-check does, page by page. */
    private static List<OpEnvelope> pullEverything(char[] secret) throws Exception {
        SyncCodec codec = new SyncCodec();
        BlockingQueue<byte[]> pages = new LinkedBlockingQueue<>();
        MqttClient c = new MqttClient(hub.url(), CLINIC + "-ws-check", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("ws-check");
        o.setPassword(new String(secret).getBytes(StandardCharsets.UTF_8));
        c.connect(o);
        try {
            String reply = SyncTopics.pullReply(CLINIC, "ws-check");
            c.subscribe(new MqttSubscription[] { new MqttSubscription(reply, 1) },
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] { (t, m) -> pages.add(m.getPayload()) });
            List<OpEnvelope> all = new ArrayList<>();
            long cursor = 0;
            while (true) {
                MqttMessage m = new MqttMessage(codec.encode(new PullRequest(cursor, 1000)));
                m.setQos(1);
                MqttProperties p = new MqttProperties();
                p.setResponseTopic(reply);
                p.setCorrelationData(Long.toString(cursor).getBytes(StandardCharsets.UTF_8));
                m.setProperties(p);
                c.publish(SyncTopics.pull(CLINIC, "ws-check"), m);
                byte[] payload = pages.poll(WAIT_MS, TimeUnit.MILLISECONDS);
                assertNotNull(payload, "the hub answers a pull after " + cursor);
                Page page = codec.decodePage(payload);
                all.addAll(page.ops());
                if (!page.more() || page.ops().isEmpty()) {
                    return all;
                }
                cursor = page.ops().get(page.ops().size() - 1).serverSeq();
            }
        } finally {
            c.disconnect();
            c.close();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
