package org.salus.sync.mqtt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.salus.sync.mqtt.tests.Framework.await;
import static org.salus.sync.mqtt.tests.Framework.props;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.service.cm.ConfigurationAdmin;
import org.salus.core.command.StoreUnavailableException;
import org.salus.core.command.UpdateDemographics;
import org.salus.core.conflict.ConflictResolvedException;
import org.salus.core.conflict.ConflictState;
import org.salus.core.conflict.RegisterConflict;
import org.salus.core.op.ChainReport;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.hub.device.DeviceIdentity;
import org.salus.hub.device.DeviceRegistry;
import org.salus.model.clinical.Sex;
import org.salus.hub.mqtt.BrokerAccess;
import org.salus.sync.hub.HubLog;
import org.salus.sync.hub.HubPage;
import org.salus.sync.mqtt.NegativeStock;
import org.salus.sync.mqtt.SyncState;
import org.salus.sync.wire.Feed;
import org.salus.sync.wire.SyncCodec;
import org.salus.sync.wire.SyncTopics;

/**
 * Two clinic workstations and a real hub in one framework (bnd-testing runs this bundle on Felix and on Equinox): the
 * hub's embedded broker on a free loopback port, its H2 hub log and sync service; each workstation with its own
 * encrypted H2 store in a directory of its own, its own security, core services and sync engine, and its own device
 * identity enrolled at the hub. Pharmacists record stock on both, online and while the hub is down, and while the sync
 * transport bundle and the store bundle are updated under a write burst; both must end with
 * the same operations as the hub, each once, and the same stock. Clinicians edit one patient on both while the hub is
 * down: both end with the same patient and the same conflict record, and a resolution on one closes it on the other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceSyncOSGiTest {

    static final String BROKER = "org.salus.hub.broker";

    static String clinic;
    static Workstation a;
    static Workstation b;
    /** A tracker, not a service object: the hub log comes back as a new service when the store bundle is updated. */
    static ServiceTracker<HubLog, HubLog> hubLog;
    static DeviceRegistry registry;
    static String brokerUri;
    static int brokerPort;
    static boolean external;
    static Relay wsRelay;
    static String medicineId;
    static String batchId;

    @BeforeAll
    static void startHubAndWorkstations() throws Exception {
        ConfigurationAdmin ca = Framework.configAdmin();
        Path dir = Path.of(Framework.CONTEXT.getProperty("salus.test.dir"));
        Framework.deleteTree(dir);
        Files.createDirectories(dir);
        byte[] tag = new byte[3];
        new SecureRandom().nextBytes(tag);
        String run = HexFormat.of().formatHex(tag);
        clinic = "C_" + run;

        // the hub: device registry, hub log, broker, sync service (all wait at start level 2). By default the embedded broker on a
        // free port and the H2 hub log; with salus.external=true Mosquitto at 127.0.0.1:1883 (anonymous) as an external broker, a
        // share group of this run's own, and the hub log on PostgreSQL in a schema of this run's own
        String broker = Framework.CONTEXT.getProperty("salus.test.broker");
        external = broker != null && !broker.isBlank() && !broker.equals("embedded");
        ca.getConfiguration("org.salus.hub.devices", "?").update(props("file", dir.resolve("hub/devices.properties").toString(),
                "secretsDir", dir.resolve("hub/enrolment").toString()));
        String pg = Framework.CONTEXT.getProperty("salus.test.hublog");
        if (pg != null && pg.startsWith("jdbc:postgresql:")) {
            ca.getConfiguration("org.salus.store.postgres.hub", "?").update(props("url", pg, "user", "postgres", "schema", "salus_ws_it_" + run));
        } else {
            ca.getConfiguration("org.salus.store.h2.hub", "?").update(props("path", dir.resolve("hub/hub-log").toString()));
        }
        Hashtable<String, Object> sync = props("maxMessageBytes", 256 * 1024);
        int port;
        if (external) {
            sync.put("brokerUrl", broker);
            sync.put("shareGroup", "salus-ws-it-" + run);
            Framework.bundle(BROKER).stop();
            port = java.net.URI.create(broker).getPort();
        } else {
            port = Framework.freePort();
            ca.getConfiguration(BROKER, "?").update(props("host", "127.0.0.1", "port", port, "dataDir", dir.resolve("hub/broker").toString()));
        }
        brokerPort = port;
        ca.getConfiguration("org.salus.hub.sync", "?").update(sync);
        if (external) {
            // the workstations reach the shared broker through a relay of their own, which the test cuts as if the hub were down
            wsRelay = new Relay(port);
            wsRelay.open();
            brokerUri = wsRelay.url();
        } else {
            brokerUri = "tcp://127.0.0.1:" + port;
        }

        // enrolment needs the registry, which starts with the hub bundle: the workstations' devices get their ids first
        String deviceA = "ws-a-" + run;
        String deviceB = "ws-b-" + run;
        Framework.raiseStartLevel(2);
        registry = Framework.service(DeviceRegistry.class, null);
        hubLog = Framework.tracker(HubLog.class, null);
        DeviceIdentity idA = registry.enrol(deviceA, clinic);
        DeviceIdentity idB = registry.enrol(deviceB, clinic);
        a = new Workstation(ca, "wsA", clinic, deviceA, idA.secret(), brokerUri, dir.resolve("ws-a"));
        b = new Workstation(ca, "wsB", clinic, deviceB, idB.secret(), brokerUri, dir.resolve("ws-b"));
        // each workstation's first run makes its own users; the engines start after, and bring each other's users over
        a.logIn();
        b.logIn();
        a.startSync();
        b.startSync();
        System.out.println("[sync.mqtt.tests] " + Framework.CONTEXT.getBundle(0).getSymbolicName() + ": hub at " + brokerUri
                + (external ? " (relay to the external broker " + broker + ", hub log " + pg + ")" : "") + ", clinic "
                + clinic + ", workstations " + a + " and " + b);
    }

    @AfterAll
    static void stopEngines() throws Exception {
        if (a != null) {
            a.stopSync();
        }
        if (b != null) {
            b.stopSync();
        }
        if (wsRelay != null) {
            wsRelay.close();
        }
    }

    @Test
    @Order(1)
    void whatOneWorkstationRecordsReachesTheOther() throws Exception {
        medicineId = a.commands.registerMedicine(a.pharmacist, "04006381333931", "amoxicillin", "capsule", "500", "mg", 10, true)
                .createdId("Medicine");
        batchId = a.commands.receiveStock(a.pharmacist, medicineId, "LOT-S1", LocalDate.of(2099, 12, 31), "main-store", 100)
                .createdId("StockBatch");
        await("workstation B has A's batch", () -> quantity(b, batchId) == 100);
        long t0 = System.nanoTime();
        b.commands.dispense(b.pharmacist, medicineId, 10);
        await("workstation A has B's dispense", () -> quantity(a, batchId) == 90);
        long propagationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        a.commands.dispense(a.pharmacist, medicineId, 5);
        assertConverged(85);
        System.out.println("[sync.mqtt.tests] a dispense on B was applied on A after " + propagationMs + " ms (command included)");
    }

    @Test
    @Order(2)
    void workRecordedWhileTheHubIsDownArrivesWhenItIsBack() throws Exception {
        assertNotNull(batchId, "runs after the first test");
        Instant syncedBefore = a.sync().state().lastSuccessfulSync();
        // the hub goes away: its embedded broker stops, or the external broker's relay is cut
        Bundle broker = Framework.bundle(BROKER);
        if (external) {
            wsRelay.close();
        } else {
            broker.stop();
        }
        try {
            await("both engines notice the hub is gone", () -> !state(a).connected() && !state(b).connected());

            // offline is normal: commands go on at local speed, with their operations waiting in each outbox
            long t0 = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                a.commands.dispense(a.pharmacist, medicineId, 10);
            }
            for (int i = 0; i < 6; i++) {
                b.commands.dispense(b.pharmacist, medicineId, 10);
            }
            long offlineMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(offlineMs < 20_000, "9 dispenses took " + offlineMs + " ms while the hub was down");
            assertEquals(55, quantity(a, batchId), "A sees its own dispenses at once");
            assertEquals(25, quantity(b, batchId), "B sees its own dispenses at once");
            await("the backlog shows on both", () -> state(a).backlog() == 3 && state(b).backlog() == 6);
            await("the engine says why it is not syncing", () -> !state(a).connected() && state(a).lastError() != null);
        } finally {
            if (external) {
                wsRelay.open();
            } else {
                broker.start();
            }
        }
        // each side dispensed what it saw: 85 - 30 - 60 = -5, kept and flagged, not refused
        assertConverged(-5);
        for (Workstation w : List.of(a, b)) {
            List<NegativeStock> negative = w.sync().negativeStock();
            assertEquals(List.of(batchId), negative.stream().map(NegativeStock::batchId).toList(), w + " flags the batch below zero");
            assertEquals(-5, negative.get(0).quantityOnHand());
            assertEquals("LOT-S1", negative.get(0).lot());
        }
        await("A reports a successful sync after the hub came back",
                () -> state(a).lastSuccessfulSync() != null && state(a).lastSuccessfulSync().isAfter(syncedBefore) && state(a).lastError() == null);
        assertEquals(0, state(a).backlog());
        assertEquals(0, state(b).backlog());
    }

    @Test
    @Order(3)
    void anOperationPushedTwiceIsStoredOnce() throws Exception {
        assertNotNull(batchId, "runs after the first tests");
        // the engine stops after the hub stored the pushes but before their acks were kept: it must push them all again
        a.stopSync();
        a.commands.receiveStock(a.pharmacist, medicineId, "LOT-S1", LocalDate.of(2099, 12, 31), "main-store", 50);
        long acked = a.store().read(tx -> Long.parseLong(tx.meta("sync.acked").orElseThrow()));
        assertTrue(acked > 0);
        a.store().write(tx -> {
            tx.putMeta("sync.acked", "0");
            return null;
        });
        a.startSync();
        await("A's engine pushed its whole chain again", () -> state(a).backlog() == 0 && state(a).hubDuplicates() >= acked);
        SyncState s = state(a);
        assertTrue(s.hubDuplicates() >= acked, "the hub reported " + s.hubDuplicates() + " duplicates of " + acked + " operations");
        assertConverged(45);
    }

    @Test
    @Order(4)
    void garbageAndABrokenChainOnTheFeedAreRefusedAndLoseNothing() throws Exception {
        assertNotNull(batchId, "runs after the first tests");
        // a third device of the clinic publishes on the clinic's feed, which only the hub should do
        DeviceIdentity intruder = registry.enrol("intruder-" + clinic.substring(2), clinic);
        long refusedBefore = state(a).refusedMessages();
        long opsBefore = a.opCount();
        long cursorBefore = state(a).cursor();
        MqttClient c = new MqttClient(brokerUri, clinic + "-" + intruder.deviceId(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(intruder.deviceId());
        o.setPassword(new String(intruder.secret()).getBytes(StandardCharsets.UTF_8));
        c.connect(o);
        if (!external) {
            // the hub's broker lets a device publish only on its own push and pull topics: the feed is refused (PUBACK 0x87)
            assertEquals(0x87, publishReason(c, SyncTopics.feed(clinic), message("{\"v\":1,\"type\":\"feed\",\"ops\":[]}".getBytes(StandardCharsets.UTF_8))));
            assertEquals(0x87, publishReason(c, SyncTopics.push(clinic, a.deviceId), message("{}".getBytes(StandardCharsets.UTF_8))),
                    "no device pushes as another");
            c.disconnect();
            c.close();
            // what reaches the feed anyway (a broker with weaker rules, a fault of the hub) comes here as the hub's own service
            BrokerAccess access = Framework.service(BrokerAccess.class, null);
            c = new MqttClient(access.serverUri(), access.clientIdPrefix() + "test-feed", new MemoryPersistence());
            o = new MqttConnectionOptions();
            o.setUserName(access.userName());
            o.setPassword(new String(access.password()).getBytes(StandardCharsets.UTF_8));
            c.connect(o);
        }
        try {
            c.publish(SyncTopics.feed(clinic), message("{\"v\":1,\"type\":\"feed\",\"ops\":[{\"garbage\":true}]}".getBytes(StandardCharsets.UTF_8)));
            await("A refuses the garbage", () -> state(a).refusedMessages() > refusedBefore);
            assertTrue(state(a).lastRefusal().contains("unreadable message on the feed"), state(a).lastRefusal());

            // a well-formed operation that claims to start a chain but links to nothing: its hash fits, its chain does not
            OpEnvelope forged = new OpEnvelope("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b", clinic, intruder.deviceId(), "u-intruder", "StockMovement",
                    "mv-forged", "stock.adjust", 1, new org.salus.core.op.Hlc(1767225600000L, 0, "0123456789abcdef").toString(), Instant.parse("2026-01-01T00:00:00Z"), 1,
                    "{\"batchId\":\"" + batchId + "\",\"kind\":\"ADJUST\",\"quantity\":1000}", "1".repeat(64), null, 0, null).sealed();
            assertTrue(OpHashes.hashMatches(forged));
            long refusedAfterGarbage = state(a).refusedMessages();
            long next = state(a).cursor() + 1;
            c.publish(SyncTopics.feed(clinic), message(new SyncCodec().encode(new Feed(List.of(forged.acceptedByHub(next, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)))))));
            await("A refuses the broken chain", () -> state(a).refusedMessages() > refusedAfterGarbage);
            String why = state(a).lastRefusal();
            assertTrue(why.contains(forged.opId()) && why.contains("does not continue the device's chain"), why);
        } finally {
            c.disconnect();
            c.close();
        }
        assertTrue(a.store().read(tx -> tx.opLog().find("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b")).isEmpty(), "the forged operation was not kept");
        assertEquals(opsBefore, a.opCount());
        assertTrue(state(a).cursor() >= cursorBefore);
        // and sync goes on: what B records next still reaches A, with nothing skipped
        b.commands.dispense(b.pharmacist, medicineId, 5);
        assertConverged(40);
    }

    @Test
    @Order(5)
    void concurrentEditsOfOnePatientMergeFieldByFieldAndTheirConflictResolvesOnBoth() throws Exception {
        assertNotNull(batchId, "runs after the first tests");
        a.switchToClinician();
        b.switchToClinician();
        String patient = a.commands.registerPatient(a.clinician, "MRN-" + clinic, "Amara", "Okafor", LocalDate.of(1980, 5, 17), Sex.FEMALE)
                .createdId("Patient");
        await("B has A's patient", () -> "Okafor".equals(column(b, patient, "family_name")));

        Bundle broker = Framework.bundle(BROKER);
        if (external) {
            wsRelay.close();
        } else {
            broker.stop();
        }
        try {
            await("both engines notice the hub is gone", () -> !state(a).connected() && !state(b).connected());
            // apart: both change the family name; A the phone, B the address
            a.commands.updateDemographics(a.clinician, UpdateDemographics.of(patient).with("familyName", "Okafor-Ade").with("phone", "+234 801 000 0000"));
            b.commands.updateDemographics(b.clinician, UpdateDemographics.of(patient).with("familyName", "Ade").with("address", "3 Marina, Lagos"));
            assertEquals("Okafor-Ade", column(a, patient, "family_name"));
            assertEquals("Ade", column(b, patient, "family_name"));
        } finally {
            if (external) {
                wsRelay.open();
            } else {
                broker.start();
            }
        }
        assertConverged(40);
        await("the same register projections on both", () -> registerDigest(a).equals(registerDigest(b)));
        for (Workstation w : List.of(a, b)) {
            assertEquals("+234 801 000 0000", column(w, patient, "phone"), w + " has A's phone");
            assertEquals("3 Marina, Lagos", column(w, patient, "address"), w + " has B's address");
        }
        assertEquals(column(a, patient, "family_name"), column(b, patient, "family_name"));
        List<RegisterConflict> onA = a.conflicts.open(a.clinician);
        assertEquals(1, onA.size(), "one conflict: the family name");
        assertEquals(onA, b.conflicts.open(b.clinician), "the same record on both");
        RegisterConflict k = onA.get(0);
        assertEquals("familyName", k.field());
        assertEquals(patient, k.entityId());
        assertEquals(Set.of("Okafor-Ade", "Ade"), Set.of(k.left().value(), k.right().value()));
        assertEquals(Set.of(a.deviceId, b.deviceId), Set.of(k.left().deviceId(), k.right().deviceId()));
        assertEquals(k.right().value(), column(a, patient, "family_name"), "the newer change shows until someone chooses");

        // resolved on A with a value typed there; the resolution reaches B and closes the record there too
        a.conflicts.merge(a.clinician, k.id(), "Okafor-Ade");
        await("B has A's resolution", () -> b.conflicts.conflict(b.clinician, k.id()).orElseThrow().state() == ConflictState.RESOLVED);
        assertConverged(40);
        await("the same register projections on both", () -> registerDigest(a).equals(registerDigest(b)));
        for (Workstation w : List.of(a, b)) {
            assertEquals("Okafor-Ade", column(w, patient, "family_name"));
            assertTrue(w.conflicts.open(w.clinician).isEmpty(), w + " has no open conflict");
            RegisterConflict done = w.conflicts.conflict(w.clinician, k.id()).orElseThrow();
            assertEquals("Okafor-Ade", done.resolution().value());
            assertEquals(a.deviceId, done.resolution().deviceId());
        }
        // and B cannot resolve it a second time
        assertThrows(ConflictResolvedException.class, () -> b.conflicts.keepLeft(b.clinician, k.id()));
        // the pharmacists take their workstations back for the tests that follow
        a.switchToPharmacist();
        b.switchToPharmacist();
    }

    private static String registerDigest(Workstation w) {
        try {
            return w.registerDigest();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String column(Workstation w, String patientId, String column) {
        try {
            return w.patientColumn(patientId, column);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(6)
    void theEngineTriesItsHubTargetsInOrderAndReturnsToTheFirstWhenItAnswersAgain() throws Exception {
        assertNotNull(batchId, "runs after the first tests");
        // the first target is a second way to the same hub (a relay to its broker), closed for now: it refuses connections
        try (Relay lan = new Relay(brokerPort)) {
            a.startSync(props("hubUrls", new String[] { lan.url(), brokerUri }, "preferredRetryMillis", 300L));
            await("A connects to the second target", () -> state(a).connected() && brokerUri.equals(state(a).hubUrl()));
            b.commands.dispense(b.pharmacist, medicineId, 1);
            assertConverged(39);

            lan.open();
            await("A moves back to the first target once it answers", () -> lan.url().equals(state(a).hubUrl()));
            b.commands.dispense(b.pharmacist, medicineId, 1);
            a.commands.dispense(a.pharmacist, medicineId, 1);
            assertConverged(37);

            // the first target goes away under the connection: A falls back to the second and goes on
            lan.close();
            await("A falls back to the second target", () -> state(a).connected() && brokerUri.equals(state(a).hubUrl()));
            a.commands.dispense(a.pharmacist, medicineId, 1);
            assertConverged(36);
        } finally {
            a.startSync();
        }
        await("A is back on its one hub", () -> brokerUri.equals(state(a).hubUrl()));
    }

    @Test
    @Order(7)
    void overTlsTheEngineTrustsTheHubsCertificateAndRefusesAnotherWithAClearError() throws Exception {
        assertNotNull(batchId, "runs after the first tests");
        org.junit.jupiter.api.Assumptions.assumeFalse(external, "the TLS listener is the embedded broker's");
        Path dir = Path.of(Framework.CONTEXT.getProperty("salus.test.dir")).resolve("tls");
        Files.createDirectories(dir);
        // the hub's key pair and certificate for 127.0.0.1, as docs/hub-operations.md makes them, and an unrelated one
        Path hubStore = dir.resolve("hub-tls.p12");
        keytool("-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=hub.test",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", hubStore.toString(), "-storepass", "hub-secret");
        keytool("-exportcert", "-alias", "hub", "-keystore", hubStore.toString(), "-storepass", "hub-secret", "-rfc", "-file",
                dir.resolve("hub-certificate.pem").toString());
        Path otherStore = dir.resolve("other.p12");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=someone.else",
                "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", otherStore.toString(), "-storepass", "other-secret");
        keytool("-exportcert", "-alias", "other", "-keystore", otherStore.toString(), "-storepass", "other-secret", "-rfc", "-file",
                dir.resolve("other-certificate.pem").toString());

        ConfigurationAdmin ca = Framework.configAdmin();
        int tlsPort = Framework.freePort();
        Hashtable<String, Object> brokerProps = props("host", "127.0.0.1", "port", brokerPort, "dataDir",
                Path.of(Framework.CONTEXT.getProperty("salus.test.dir")).resolve("hub/broker").toString());
        Hashtable<String, Object> withTls = new Hashtable<>(brokerProps);
        withTls.putAll(props("tlsPort", tlsPort, "tlsKeyStore", hubStore.toString(), "tlsKeyStorePassword", "hub-secret"));
        ca.getConfiguration(BROKER, "?").update(withTls);
        String tlsUrl = "ssl://127.0.0.1:" + tlsPort;
        try {
            a.startSync(props("hubUrl", tlsUrl, "trustStore", dir.resolve("other-certificate.pem").toString()));
            await("A refuses the hub's certificate and says why", () -> {
                SyncState s = state(a);
                return !s.connected() && s.lastError() != null && s.lastError().contains("TLS certificate at " + tlsUrl + " is not trusted");
            });
            assertTrue(state(a).lastError().contains("other-certificate.pem"), state(a).lastError());
            a.commands.dispense(a.pharmacist, medicineId, 1);

            a.startSync(props("hubUrl", tlsUrl, "trustStore", dir.resolve("hub-certificate.pem").toString()));
            await("A syncs over TLS with the hub's certificate", () -> state(a).connected() && tlsUrl.equals(state(a).hubUrl()));
            b.commands.dispense(b.pharmacist, medicineId, 1);
            assertConverged(34);
        } finally {
            a.startSync();
            ca.getConfiguration(BROKER, "?").update(brokerProps);
        }
        await("A is back on the plain listener", () -> brokerUri.equals(state(a).hubUrl()));
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "keytool " + String.join(" ", args) + ": " + out);
    }

    /** The PUBACK reason code of a QoS 1 publish, whether Paho reports it in the token or as an exception. */
    static int publishReason(MqttClient client, String topic, MqttMessage m) {
        try {
            org.eclipse.paho.mqttv5.client.IMqttToken token = client.getTopic(topic).publish(m);
            token.waitForCompletion(30_000);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            return e.getReasonCode();
        }
    }

    @Test
    @Order(8)
    void theSyncBundleIsUpdatedDuringAWriteBurstAndEveryOperationReachesTheHubOnce() throws Exception {
        assertNotNull(batchId, "runs after the first tests");
        int before = quantity(a, batchId);
        Burst burst = Burst.start(a);
        try {
            burst.awaitMore(20);
            Bundle transport = Framework.bundle("org.salus.sync.mqtt");
            long t0 = System.nanoTime();
            transport.update();
            assertEquals(Bundle.ACTIVE, transport.getState());
            burst.awaitMore(20);
            System.out.println("[sync.mqtt.tests] " + Framework.CONTEXT.getBundle(0).getSymbolicName() + ": the sync transport was updated in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms during a write burst");
        } finally {
            burst.stop();
        }
        assertEquals(0, burst.refused.get(), "the transport's update never stops local writes");
        assertConverged(before + burst.saved.size());
        assertTrue(ids(hubOps()).containsAll(burst.opIds()), "every operation of the burst reached the hub");
    }

    @Test
    @Order(9)
    void theStoreBundleIsUpdatedDuringAWriteBurstAndNoOperationIsLost() throws Exception {
        assertNotNull(batchId, "runs after the first tests");
        int before = quantity(a, batchId);
        Burst burst = Burst.start(a);
        try {
            burst.awaitMore(20);
            // the workstations' stores and the hub log are all in this bundle: all of them go away and come back
            Bundle store = Framework.bundle("org.salus.store.h2");
            long t0 = System.nanoTime();
            store.update();
            assertEquals(Bundle.ACTIVE, store.getState());
            burst.awaitMore(20);
            System.out.println("[sync.mqtt.tests] " + Framework.CONTEXT.getBundle(0).getSymbolicName() + ": the store bundle was updated in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms during a write burst; " + burst.refused.get()
                    + " writes refused in the gap");
        } finally {
            burst.stop();
        }
        assertConverged(before + burst.saved.size());
        Set<String> onA = ids(a.ops());
        assertTrue(onA.containsAll(burst.opIds()), "every write that reported success is in A's op log");
        assertTrue(ids(hubOps()).containsAll(burst.opIds()), "and at the hub");
    }

    /**
     * A pharmacist on one workstation adjusting a batch by +1 as fast as the store takes it. A write may only fail with
     * {@link StoreUnavailableException} (the store is away longer than the configured wait): it wrote nothing and is
     * counted; any other failure ends the burst and the test.
     */
    static final class Burst {

        final Queue<OpEnvelope> saved = new ConcurrentLinkedQueue<>();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicReference<Throwable> unexpected = new AtomicReference<>();
        final AtomicBoolean stop = new AtomicBoolean();
        Thread thread;

        static Burst start(Workstation w) {
            Burst b = new Burst();
            b.thread = new Thread(() -> {
                while (!b.stop.get()) {
                    try {
                        b.saved.addAll(w.commands.adjust(w.pharmacist, batchId, 1, "count during an update").operations());
                    } catch (StoreUnavailableException e) {
                        b.refused.incrementAndGet();
                    } catch (Throwable t) {
                        b.unexpected.compareAndSet(null, t);
                        return;
                    }
                }
            }, "write burst on " + w.name);
            b.thread.start();
            return b;
        }

        void awaitMore(int n) throws InterruptedException {
            int target = saved.size() + n;
            await(n + " more writes of the burst", () -> saved.size() >= target || unexpected.get() != null);
            assertNull(unexpected.get(), () -> "a write failed with " + unexpected.get());
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join(Framework.WAIT_MS);
            assertNull(unexpected.get(), () -> "only StoreUnavailableException may happen in the gap, not " + unexpected.get());
        }

        Set<String> opIds() {
            return ids(List.copyOf(saved));
        }
    }

    private static MqttMessage message(byte[] payload) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        return m;
    }

    /** Both workstations hold exactly the hub's operations for the clinic, each once, with intact chains and the same stock. */
    private static void assertConverged(int expectedQuantity) throws Exception {
        await("both workstations and the hub hold the same operations and stock", () -> {
            try {
                List<OpEnvelope> hubOps = hubOps();
                Set<String> hub = ids(hubOps);
                // a device holds its own operations before the hub numbers them: the cursors must reach the hub's end too
                long end = hubOps.isEmpty() ? 0 : hubOps.get(hubOps.size() - 1).serverSeq();
                return quantity(a, batchId) == expectedQuantity && quantity(b, batchId) == expectedQuantity
                        && ids(a.ops()).equals(hub) && ids(b.ops()).equals(hub) && state(a).backlog() == 0 && state(b).backlog() == 0
                        && state(a).cursor() == end && state(b).cursor() == end;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        List<OpEnvelope> hub = hubOps();
        assertEquals(hub.size(), ids(hub).size(), "the hub holds each operation once");
        for (Workstation w : List.of(a, b)) {
            assertEquals(hub.size(), w.opCount(), w + " holds each operation once");
            ChainReport r = w.verifyChains();
            assertTrue(r.intact(), w + ": " + r);
            assertEquals(2, w.store().read(tx -> tx.opLog().chainHeads()).size(), w + " holds two devices' chains");
        }
        Map<String, Integer> stockA = a.stock();
        assertEquals(stockA, b.stock(), "the same stock projection on both");
        assertEquals(expectedQuantity, stockA.get(batchId));
        assertEquals(state(a).cursor(), hub.get(hub.size() - 1).serverSeq());
        assertEquals(state(b).cursor(), hub.get(hub.size() - 1).serverSeq());
    }

    private static List<OpEnvelope> hubOps() {
        List<OpEnvelope> all = new ArrayList<>();
        long cursor = 0;
        while (true) {
            HubLog log;
            try {
                log = hubLog.waitForService(Framework.WAIT_MS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertNotNull(log, "the hub log is running");
            HubPage p = log.page(clinic, cursor, 1000);
            all.addAll(p.ops());
            if (!p.more() || p.ops().isEmpty()) {
                return all;
            }
            cursor = p.ops().get(p.ops().size() - 1).serverSeq();
        }
    }

    @Test
    @Order(10)
    void workRecordedBeforeEnrolmentReachesTheHubAndTheOtherWorkstations() throws Exception {
        assertNotNull(batchId, "runs after the first tests");
        ConfigurationAdmin ca = Framework.configAdmin();
        Path dir = Path.of(Framework.CONTEXT.getProperty("salus.test.dir"));
        String deviceC = "ws-c-" + clinic.substring(2);
        // the hub learns the device now; the workstation knows nothing of it until it is enrolled and runs no sync engine
        DeviceIdentity idC = registry.enrol(deviceC, clinic);
        Workstation c = new Workstation(ca, "wsC", "unassigned", deviceC, idC.secret(), brokerUri, dir.resolve("ws-c"));
        try {
            // a new workstation's first run and its first clinic work, before an administrator enrols it
            c.logIn();
            String medicineC = c.commands.registerMedicine(c.pharmacist, "04006381333948", "ibuprofen", "tablet", "400", "mg", 10, true)
                    .createdId("Medicine");
            String batchC = c.commands.receiveStock(c.pharmacist, medicineC, "LOT-PRE", LocalDate.of(2099, 12, 31), "main-store", 40)
                    .createdId("StockBatch");
            List<OpEnvelope> before = c.ops();
            assertTrue(before.size() >= 4, "the first run and the stock were recorded: " + before.size());
            assertTrue(before.stream().allMatch(op -> op.clinicId().equals("unassigned") && op.deviceId().equals(deviceC)),
                    "before enrolment the workstation records for no clinic");

            c.enrolled(clinic);
            c.startSync();
            await("workstation B has the stock C received before its enrolment", () -> quantity(b, batchC) == 40);
            await("workstation A has it too", () -> quantity(a, batchC) == 40);
            await("the hub acknowledged C's chain", () -> state(c).ackedDeviceSeq() == before.size());

            c.commands.dispense(c.pharmacist, medicineC, 5);
            List<OpEnvelope> mine = c.store().read(tx -> {
                List<OpEnvelope> all = new ArrayList<>();
                tx.opLog().scanDevice(deviceC, 1, all::add);
                return all;
            });
            assertEquals(before.size() + 1, mine.size());
            assertEquals(clinic, mine.get(mine.size() - 1).clinicId(), "after enrolment the workstation records for its clinic");
            await("workstation B has C's dispense after enrolment", () -> quantity(b, batchC) == 35);
            await("C's backlog is empty", () -> state(c).backlog() == 0);
            assertEquals(List.of(), state(c).rejected(), "the hub refused nothing");

            List<OpEnvelope> atHub = hubOps().stream().filter(op -> op.deviceId().equals(deviceC)).toList();
            assertEquals(mine.stream().map(OpEnvelope::opId).toList(), atHub.stream().map(OpEnvelope::opId).toList(),
                    "the hub holds C's whole chain under the clinic, in chain order");
            for (OpEnvelope op : atHub) {
                assertTrue(OpHashes.hashMatches(op), "the hub keeps the clinic each operation names: its hash covers it");
            }
            assertEquals("unassigned", atHub.get(0).clinicId());
            assertEquals(clinic, atHub.get(atHub.size() - 1).clinicId());
            for (Workstation w : List.of(a, b)) {
                assertTrue(ids(w.ops()).containsAll(ids(mine)), w + " holds C's operations");
                ChainReport r = w.verifyChains();
                assertTrue(r.intact(), w + ": " + r);
            }
            await("workstation A has C's dispense", () -> quantity(a, batchC) == 35);
        } finally {
            c.stopSync();
        }
    }

    private static Set<String> ids(List<OpEnvelope> ops) {
        Set<String> s = new HashSet<>();
        ops.forEach(op -> s.add(op.opId()));
        return s;
    }

    private static int quantity(Workstation w, String batch) {
        try {
            Integer q = w.stock().get(batch);
            return q == null ? Integer.MIN_VALUE : q;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SyncState state(Workstation w) {
        try {
            return w.sync().state();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
