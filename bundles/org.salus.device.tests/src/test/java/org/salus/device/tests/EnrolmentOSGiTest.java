package org.salus.device.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.salus.device.tests.Framework.await;
import static org.salus.device.tests.Framework.props;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.access.Permissions;
import org.salus.core.command.Actor;
import org.salus.core.command.ClinicCommands;
import org.salus.core.store.ClinicStore;
import org.salus.core.command.InvalidInputException;
import org.salus.core.op.OpEnvelope;
import org.salus.device.Enrolled;
import org.salus.device.Enrolment;
import org.salus.device.EnrolmentFailedException;
import org.salus.device.EnrolmentFailedException.Reason;
import org.salus.device.EnrolmentTicket;
import org.salus.device.WorkstationSettings;
import org.salus.hub.device.DeviceRegistry;
import org.salus.hub.device.EnrolmentDesk;
import org.salus.security.Authentication;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.security.UserAdministration;
import org.salus.sync.hub.HubLog;
import org.salus.sync.mqtt.SyncStatus;

/**
 * A workstation joins a real hub in the same framework (bnd-testing runs this on Felix and on Equinox): the hub's
 * device registry, pairing desk and {@code /enrol} over HTTP on a free loopback port, its embedded broker on another;
 * the workstation's encrypted H2 store, security, core, sync engine and enrolment. A wrong code, a denial, a user
 * without the permission, and an approval after which the sync engine signs in with the secret kept outside its
 * configuration.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnrolmentOSGiTest {

    static String clinic;
    static String hub;
    static String brokerUri;
    static EnrolmentDesk desk;
    static DeviceRegistry registry;
    static Enrolment enrolment;
    static WorkstationSettings settings;
    static Authentication auth;
    static ConfigurationAdmin ca;
    static Actor admin;
    static Actor pharmacist;
    static String adminName;

    @BeforeAll
    static void hubAndWorkstation() throws Exception {
        ca = Framework.configAdmin();
        Path dir = Path.of(Framework.CONTEXT.getProperty("salus.test.dir"));
        Framework.deleteTree(dir);
        Files.createDirectories(dir);
        byte[] tag = new byte[3];
        new SecureRandom().nextBytes(tag);
        clinic = "E_" + HexFormat.of().formatHex(tag);

        ca.getConfiguration("org.salus.hub.devices", "?").update(props("file", dir.resolve("hub/devices.properties").toString(),
                "secretsDir", dir.resolve("hub/enrolment").toString()));
        ca.getConfiguration("org.salus.store.h2.hub", "?").update(props("path", dir.resolve("hub/hub-log").toString()));
        int mqtt = Framework.freePort();
        ca.getConfiguration("org.salus.hub.broker", "?").update(props("host", "127.0.0.1", "port", mqtt, "dataDir",
                dir.resolve("hub/broker").toString()));
        int http = Framework.freePort();
        ca.getConfiguration("org.salus.hub.http", "?").update(props("host", "127.0.0.1", "port", http));
        brokerUri = "tcp://127.0.0.1:" + mqtt;
        hub = "http://127.0.0.1:" + http;

        // the workstation: a clinic store of its own, quick password hashing, enrolment asking the hub often
        ca.getConfiguration("org.salus.store.h2", "?").update(props("path", dir.resolve("ws/clinic").toString(), "durability", "WRITE"));
        ca.getConfiguration("org.salus.security", "?").update(props("argon2MemoryKib", 8192, "argon2Iterations", 1));
        ca.getConfiguration("org.salus.core.device", "?").update(props("storeWaitMillis", 10_000L));
        ca.getConfiguration("org.salus.device", "?").update(props("pollMillis", 100L));
        Framework.raiseStartLevel(2);

        desk = Framework.service(EnrolmentDesk.class, null);
        registry = Framework.service(DeviceRegistry.class, null);
        enrolment = Framework.service(Enrolment.class, null);
        settings = Framework.service(WorkstationSettings.class, null);
        auth = Framework.service(Authentication.class, null);
        UserAdministration users = Framework.service(UserAdministration.class, null);
        await("the hub's HTTP endpoints", () -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", http)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });

        // holding the commands activates the core, which hands the security service its ledger
        Framework.service(ClinicStore.class, null);
        Framework.service(ClinicCommands.class, null);
        SetupAccount setup = auth.firstRun().orElseThrow();
        char[] otp = setup.oneTimePassword().clone();
        Session a = auth.login(setup.username(), setup.oneTimePassword());
        a = auth.changePassword(a.actor(), otp, "administrator passphrase".toCharArray());
        users.createUser(a.actor(), "pharmacist", "Pharmacist", Set.of("pharmacist"), "initial secret 4711".toCharArray());
        admin = a.actor();
        adminName = setup.username();
    }

    @Test
    @Order(1)
    void aUserWithoutTheDevicePermissionIsRefusedByTheService() throws Exception {
        auth.lock(admin);
        Session p = auth.login("pharmacist", "initial secret 4711".toCharArray());
        pharmacist = auth.changePassword(p.actor(), "initial secret 4711".toCharArray(), "own secret 4711 of the pharmacy".toCharArray()).actor();
        try {
            String code = desk.openPairing(clinic).code();
            PermissionDeniedException refused = assertThrows(PermissionDeniedException.class,
                    () -> enrolment.request(pharmacist, hub, List.of(brokerUri), code, "pharmacy PC"));
            assertEquals(Permissions.DEVICE_MANAGE, refused.permission());
            assertTrue(desk.pending().isEmpty(), "nothing reached the hub");
            assertEquals(Permissions.DEVICE_MANAGE,
                    assertThrows(PermissionDeniedException.class, () -> settings.setIdleLockMinutes(pharmacist, 1)).permission());
            assertEquals(Permissions.SYNC_SETTINGS,
                    assertThrows(PermissionDeniedException.class, () -> settings.setHubUrls(pharmacist, List.of(brokerUri))).permission());
        } finally {
            auth.current().ifPresent(s -> auth.logout(s.actor()));
            admin = auth.login(adminName, "administrator passphrase".toCharArray()).actor();
        }
    }

    @Test
    @Order(2)
    void aWrongCodeIsRefusedWithItsReason() {
        desk.openPairing(clinic);
        EnrolmentFailedException e = assertThrows(EnrolmentFailedException.class,
                () -> enrolment.request(admin, hub, List.of(brokerUri), "ZZZZ-ZZZZ", "front desk"));
        assertEquals(Reason.WRONG_CODE, e.reason());
        EnrolmentFailedException unreachable = assertThrows(EnrolmentFailedException.class, () -> enrolment.request(admin,
                "127.0.0.1:" + closedPort(), List.of(brokerUri), desk.openPairing(clinic).code(), "front desk"));
        assertEquals(Reason.HUB_UNREACHABLE, unreachable.reason());
        assertTrue(enrolment.enrolled().isEmpty());
    }

    @Test
    @Order(3)
    void aDeniedRequestLeavesTheWorkstationUnenrolled() throws Exception {
        EnrolmentTicket ticket = enrolment.request(admin, hub, List.of(brokerUri), desk.openPairing(clinic).code(), "front desk");
        CompletableFuture<Enrolled> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return enrolment.awaitApproval(admin, ticket, Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await("the request waits at the hub", () -> desk.pending().stream().anyMatch(r -> r.requestId().equals(ticket.requestId())));
        desk.deny(ticket.requestId());
        Throwable t = assertThrows(Exception.class, () -> waiting.get(60, TimeUnit.SECONDS)).getCause();
        assertEquals(Reason.DENIED, ((EnrolmentFailedException) t).reason());
        assertTrue(enrolment.enrolled().isEmpty());
        assertTrue(registry.devices().stream().noneMatch(d -> d.deviceId().equals(ticket.deviceId())));
    }

    @Test
    @Order(4)
    void anApprovedWorkstationSignsInWithItsSecretKeptOutsideItsConfiguration() throws Exception {
        EnrolmentTicket ticket = enrolment.request(admin, hub, List.of(), desk.openPairing(clinic).code().toLowerCase(), "front desk");
        assertEquals(List.of("tcp://127.0.0.1:1883"), ticket.brokerUrls(), "without brokers named, the hub's host on 1883");
        EnrolmentTicket toOurBroker = new EnrolmentTicket(ticket.requestId(), ticket.hub(), List.of(brokerUri, "tcp://127.0.0.1:1"),
                ticket.deviceId(), ticket.key());
        CompletableFuture<Enrolled> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return enrolment.awaitApproval(admin, toOurBroker, Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await("the request waits at the hub", () -> desk.pending().stream().anyMatch(r -> r.requestId().equals(ticket.requestId())));
        assertFalse(waiting.isDone(), "the workstation waits for the administrator");
        desk.approve(ticket.requestId());
        Enrolled enrolled = waiting.get(60, TimeUnit.SECONDS);
        assertEquals(clinic, enrolled.clinicId());
        assertEquals(ticket.deviceId(), enrolled.deviceId());
        assertEquals(enrolled, enrolment.enrolled().orElseThrow());
        assertTrue(registry.devices().stream().anyMatch(d -> d.deviceId().equals(ticket.deviceId()) && d.clinicId().equals(clinic)));

        Dictionary<String, Object> sync = ca.getConfiguration("org.salus.sync.mqtt", "?").getProperties();
        assertEquals(brokerUri, sync.get("hubUrl"));
        assertArrayEquals(new String[] {brokerUri, "tcp://127.0.0.1:1"}, (String[]) sync.get("hubUrls"));
        assertEquals(clinic, sync.get("clinicId"));
        assertNull(sync.get(".secret"), "the secret is not in the configuration");
        assertEquals(clinic, ca.getConfiguration("org.salus.core.device", "?").getProperties().get("clinicId"));

        // the broker refuses a wrong secret: a connected engine proves the secret reached it
        ServiceTracker<SyncStatus, SyncStatus> engine = Framework.tracker(SyncStatus.class, "(deviceId=" + ticket.deviceId() + ")");
        await("the sync engine signs in to the hub", () -> engine.getService() != null && engine.getService().state().connected());

        EnrolmentFailedException again = assertThrows(EnrolmentFailedException.class,
                () -> enrolment.awaitApproval(admin, ticket, Duration.ofSeconds(5)));
        assertEquals(Reason.REQUEST_GONE, again.reason(), "the credentials are given out once");

        // the first run's work was recorded for no clinic; what is recorded now names the clinic, and the hub holds both
        Framework.service(UserAdministration.class, null).createUser(admin, "pharmacist-2", "Second pharmacist", Set.of("pharmacist"),
                "initial secret 4712".toCharArray());
        ClinicStore store = Framework.service(ClinicStore.class, null);
        List<OpEnvelope> mine = store.read(tx -> {
            List<OpEnvelope> all = new ArrayList<>();
            tx.opLog().scanDevice(ticket.deviceId(), 1, all::add);
            return all;
        });
        assertEquals("unassigned", mine.get(0).clinicId(), "the first run recorded before enrolment");
        assertEquals(clinic, mine.get(mine.size() - 1).clinicId(), "after enrolment the workstation records for its clinic");
        await("everything the workstation recorded reaches the hub",
                () -> engine.getService().state().ackedDeviceSeq() == mine.size() && engine.getService().state().backlog() == 0);
        assertEquals(List.of(), engine.getService().state().rejected(), "the hub refused nothing");
        List<OpEnvelope> atHub = Framework.service(HubLog.class, null).page(clinic, 0, 10_000).ops().stream()
                .filter(op -> op.deviceId().equals(ticket.deviceId())).toList();
        assertEquals(mine.stream().map(OpEnvelope::opId).toList(), atHub.stream().map(OpEnvelope::opId).toList());
        assertEquals(mine.stream().map(OpEnvelope::hash).toList(), atHub.stream().map(OpEnvelope::hash).toList());
    }

    @Test
    @Order(5)
    void theAdministratorChangesTheHubsAndTheIdleLock() throws Exception {
        assertEquals(List.of("tcp://127.0.0.1:2", brokerUri), settings.setHubUrls(admin, List.of("tcp://127.0.0.1:2", brokerUri)));
        Configuration sync = ca.getConfiguration("org.salus.sync.mqtt", "?");
        assertEquals("tcp://127.0.0.1:2", sync.getProperties().get("hubUrl"));
        assertEquals(List.of("tcp://127.0.0.1:2", brokerUri), settings.hubUrls());
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> settings.setHubUrls(admin, List.of("hub:1883")));
        assertEquals("hubUrls", bad.field());
        assertEquals("tcp://127.0.0.1:2", sync.getProperties().get("hubUrl"), "a refused change changes nothing");

        settings.setIdleLockMinutes(admin, 15);
        assertEquals(15L, settings.idleLockMinutes());
        await("the security service locks after 15 minutes", () -> {
            Session s = auth.session(admin);
            return Duration.between(s.lastActivity(), s.locksAt()).equals(Duration.ofMinutes(15));
        });
        assertThrows(InvalidInputException.class, () -> settings.setIdleLockMinutes(admin, 0));
        assertEquals(8192, ((Number) ca.getConfiguration("org.salus.security", "?").getProperties().get("argon2MemoryKib")).intValue(),
                "the other security settings stay");
    }

    private static int closedPort() throws Exception {
        return Framework.freePort();
    }
}
