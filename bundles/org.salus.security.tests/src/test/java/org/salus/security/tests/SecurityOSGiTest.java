package org.salus.security.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;
import org.salus.core.access.AccessControlUnavailableException;
import org.salus.core.access.AccessLedger;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.access.SessionRefusedException;
import org.salus.core.audit.AuditLog;
import org.salus.core.command.Actor;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.CommandResult;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpQuery;
import org.salus.core.query.ClinicQueries;
import org.salus.core.store.ClinicStore;
import org.salus.core.store.DatabaseKeyProvider;
import org.salus.model.clinical.Sex;
import org.salus.security.Authentication;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.security.UserAdministration;

/**
 * The access check in a real framework (bnd-testing runs this same bundle on Felix and on Equinox) with the real
 * security bundle: a command through the ClinicCommands service without a valid session is refused and recorded;
 * a user logged in through the Authentication service may do what the role grants and no more; with the security
 * bundle stopped every command and every read is refused, and its restart ends every session; reads of the audit
 * trail and of patients are refused to a role without audit.read or patient.read, and recorded, while the auditor
 * reads the trail. On Equinox the store's key comes from Eclipse secure storage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityOSGiTest {

    static final String SECURITY_BUNDLE = "org.salus.security";
    static final String SECURE_STORAGE_BUNDLE = "org.salus.security.equinox";
    static final long GUARD_SECONDS = 60;
    static final String GTIN = "04006381333931";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 10_000)
    ClinicCommands commands;

    @InjectService(timeout = 10_000)
    AuditLog audit;

    @InjectService(timeout = 10_000)
    ClinicQueries queries;

    @InjectService(timeout = 10_000)
    Authentication authentication;

    @InjectService(timeout = 10_000)
    UserAdministration administration;

    /** The pharmacist's session, opened by the second test and used by the third. */
    static Actor pharmacist;

    @BeforeEach
    void configureTheStoreOnce() throws Exception {
        Configuration store = configAdmin.getConfiguration("org.salus.store.h2", "?");
        if (store.getProperties() != null) {
            return;
        }
        Path dir = Paths.get(context.getProperty("salus.itest.dir"));
        deleteTree(dir);
        Files.createDirectories(dir);
        if (installed(SECURE_STORAGE_BUNDLE)) {
            useSecureStorage(dir);
        }
        Hashtable<String, Object> device = new Hashtable<>();
        device.put("clinicId", "clinic-it");
        configAdmin.getConfiguration("org.salus.core.device", "?").update(device);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("path", dir.resolve("clinic").toString());
        props.put("durability", "WRITE");
        store.update(props);
        assertNotNull(awaitStore(), "the store service appears once configured");
    }

    @Test
    @Order(1)
    void aCommandWithoutAValidSessionIsRefusedAndRecorded() {
        long before = opCount();
        SessionRefusedException e = assertThrows(SessionRefusedException.class, () -> commands.registerMedicine(
                new Actor("a-handle-nobody-issued"), GTIN, "amoxicillin", "capsule", "500", "mg", 10, true));
        assertEquals(SessionRefusedException.Problem.UNKNOWN, e.problem());
        assertEquals("medicine.register", e.permission());
        assertEquals(before + 1, opCount(), "the refusal, and nothing else, is recorded");
        OpEnvelope refusal = op(e.auditOpId()).orElseThrow();
        assertEquals(AccessLedger.OP_ACCESS_DENIED, refusal.opType());
        assertEquals(AccessLedger.ANONYMOUS_USER, refusal.userId());
        assertTrue(refusal.payload().contains("\"permission\":\"medicine.register\""), refusal.payload());
        assertTrue(chainIntact());
        System.out.println("[security.tests] " + framework() + ": a forged session was refused and recorded as " + refusal.opId());
    }

    @Test
    @Order(2)
    void aLoggedInPharmacistMayDoWhatTheRoleGrantsAndNoMore() {
        SetupAccount setup = authentication.firstRun().orElseThrow(() -> new AssertionError("a new clinic gets a setup account"));
        char[] otp = setup.oneTimePassword().clone();
        Session s = authentication.login(setup.username(), setup.oneTimePassword());
        assertTrue(s.passwordChangeRequired());
        s = authentication.changePassword(s.actor(), otp, "integration passphrase 1".toCharArray());
        administration.createUser(s.actor(), "pharm-it", "Pharmacist (itest)", Set.of("pharmacist"), "initial secret 4711".toCharArray());
        authentication.lock(s.actor());

        Session p = authentication.login("pharm-it", "initial secret 4711".toCharArray());
        p = authentication.changePassword(p.actor(), "initial secret 4711".toCharArray(), "own secret 0815!".toCharArray());
        CommandResult registered = commands.registerMedicine(p.actor(), GTIN, "amoxicillin", "capsule", "500", "mg", 10, true);
        assertEquals(p.userId(), registered.operations().get(0).userId(), "the verified user is recorded");
        String medicine = registered.createdId("Medicine");
        commands.receiveStock(p.actor(), medicine, "LOT-IT", java.time.LocalDate.of(2099, 12, 31), "main-store", 100);

        long before = opCount();
        Actor actor = p.actor();
        PermissionDeniedException denied = assertThrows(PermissionDeniedException.class, () -> commands.registerPatient(actor, "MRN-IT",
                "Asha", "Otieno", java.time.LocalDate.of(1985, 3, 2), Sex.FEMALE));
        assertEquals("pharm-it", denied.userName());
        assertEquals("patient.register", denied.permission());
        assertEquals(before + 1, opCount());
        assertEquals(p.userId(), op(denied.auditOpId()).orElseThrow().userId());
        pharmacist = p.actor();
        System.out.println("[security.tests] " + framework() + ": " + p.username() + " recorded " + registered.operations().size()
                + " operation(s) and was refused patient.register");
    }

    @Test
    @Order(3)
    void withTheSecurityBundleStoppedEveryCommandIsRefusedAndItsRestartEndsEverySession() throws Exception {
        assertNotNull(pharmacist, "runs after the second test");
        Bundle security = bundle(SECURITY_BUNDLE);
        long before = opCount();
        security.stop();
        try {
            AccessControlUnavailableException e = assertThrows(AccessControlUnavailableException.class,
                    () -> commands.dispense(pharmacist, "any-medicine", 1));
            assertTrue(e.getMessage().contains(SECURITY_BUNDLE), e.getMessage());
            AccessControlUnavailableException read = assertThrows(AccessControlUnavailableException.class,
                    () -> queries.medicines(pharmacist, null, 5), "reads are refused as well");
            assertTrue(read.getMessage().contains(SECURITY_BUNDLE), read.getMessage());
            assertEquals(before, opCount(), "nothing was written");
        } finally {
            security.start();
        }
        await("the restarted access control", () -> {
            try {
                commands.dispense(pharmacist, "any-medicine", 1);
                return false;
            } catch (AccessControlUnavailableException e) {
                return false;
            } catch (SessionRefusedException e) {
                return true;
            }
        });
        SessionRefusedException ended = assertThrows(SessionRefusedException.class, () -> commands.dispense(pharmacist, "any-medicine", 1));
        assertEquals(SessionRefusedException.Problem.UNKNOWN, ended.problem(), "sessions live in memory: a restart ends them");
        assertTrue(chainIntact());
    }

    @Test
    @Order(4)
    void onEquinoxTheStoreKeyIsKeptInSecureStorage() throws Exception {
        assumeTrue(installed(SECURE_STORAGE_BUNDLE), "the secure storage key is a workstation (Equinox) bundle");
        ServiceReference<DatabaseKeyProvider> best = context.getServiceReference(DatabaseKeyProvider.class);
        assertEquals(SECURE_STORAGE_BUNDLE, best.getBundle().getSymbolicName(), "the highest-ranked key provider");
        assertEquals(100, best.getProperty(Constants.SERVICE_RANKING));
        DatabaseKeyProvider keys = context.getService(best);
        try {
            char[] key = keys.databaseKey("clinic");
            assertEquals(64, key.length);
            Path dir = Paths.get(context.getProperty("salus.itest.dir"));
            byte[] storage = Files.readAllBytes(dir.resolve("secure_storage"));
            assertTrue(storage.length > 0);
            assertFalse(new String(storage, StandardCharsets.ISO_8859_1).contains(new String(key)), "the key is stored encrypted");
            assertFalse(Files.exists(dir.resolve("clinic.key")), "the store's temporary key file was never needed");
            assertTrue(chainIntact(), "the store opened with that key");
            System.out.println("[security.tests] " + framework() + ": the store's key comes from " + keys.describe());
        } finally {
            context.ungetService(best);
        }
    }

    @Test
    @Order(5)
    void readsAreCheckedLikeCommands() throws Exception {
        Session admin = authentication.login(SetupAccount.USERNAME, "integration passphrase 1".toCharArray());
        Actor a = admin.actor();
        assertFalse(queries.medicines(a, "amox", 5).isEmpty(), "every role that signs in may look at stock");
        long before = opCount();
        PermissionDeniedException noTrail = assertThrows(PermissionDeniedException.class, () -> audit.size(a));
        assertEquals("audit.read", noTrail.permission());
        PermissionDeniedException noPatients = assertThrows(PermissionDeniedException.class, () -> queries.findPatients(a, "Otieno", 5));
        assertEquals("patient.read", noPatients.permission());
        assertEquals(before + 2, opCount(), "each refused read is recorded, and nothing else");
        assertEquals(AccessLedger.OP_ACCESS_DENIED, op(noPatients.auditOpId()).orElseThrow().opType());

        administration.createUser(a, "audit-it", "Auditor (itest)", Set.of("auditor"), "initial secret 1234".toCharArray());
        authentication.lock(a);
        Session auditor = authentication.login("audit-it", "initial secret 1234".toCharArray());
        auditor = authentication.changePassword(auditor.actor(), "initial secret 1234".toCharArray(), "own secret 5678!".toCharArray());
        assertEquals(opCount(), audit.size(auditor.actor()), "the auditor reads the trail");
        assertTrue(audit.verifyChain(auditor.actor()).intact());
        assertEquals(2, audit.find(auditor.actor(), OpQuery.all().type(AccessLedger.OP_ACCESS_DENIED).user(admin.userId())).operations().size());
        authentication.lock(auditor.actor());
        Actor locked = auditor.actor();
        SessionRefusedException refused = assertThrows(SessionRefusedException.class, () -> audit.size(locked));
        assertEquals(SessionRefusedException.Problem.LOCKED, refused.problem());
        System.out.println("[security.tests] " + framework() + ": audit and patient reads were refused to the administrator and recorded,"
                + " the auditor read the trail, a locked session was refused");
    }

    /** How many operations the log holds, counted in the store itself: what the test checks, never through a checked read. */
    private long opCount() {
        return store().read(tx -> tx.opLog().count());
    }

    private Optional<OpEnvelope> op(String opId) {
        return store().read(tx -> tx.opLog().find(opId));
    }

    private boolean chainIntact() {
        return store().read(tx -> tx.opLog().verifyChains(Long.MAX_VALUE)).intact();
    }

    private ClinicStore store() {
        try {
            ClinicStore s = awaitStore();
            assertNotNull(s, "the store service is registered");
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the store", e);
        }
    }

    /** Points the secure storage provider at a storage file of the test's own, with a master password file, and waits for it. */
    private void useSecureStorage(Path dir) throws Exception {
        Path password = dir.resolve("master.pw");
        Files.writeString(password, "itest master password");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("location", dir.resolve("secure_storage").toString());
        props.put("masterPasswordFile", password.toString());
        configAdmin.getConfiguration(SECURE_STORAGE_BUNDLE, "?").update(props);
        await("the secure storage key provider with its configuration", () -> {
            ServiceReference<DatabaseKeyProvider> ref = context.getServiceReference(DatabaseKeyProvider.class);
            if (ref == null || !SECURE_STORAGE_BUNDLE.equals(ref.getBundle().getSymbolicName())) {
                return false;
            }
            DatabaseKeyProvider p = context.getService(ref);
            try {
                return p != null && p.describe().contains("secure_storage");
            } finally {
                context.ungetService(ref);
            }
        });
    }

    private boolean installed(String symbolicName) {
        return Arrays.stream(context.getBundles()).anyMatch(b -> symbolicName.equals(b.getSymbolicName()));
    }

    private String framework() {
        return context.getBundle(0).getSymbolicName() + " " + context.getBundle(0).getVersion();
    }

    private ClinicStore awaitStore() throws InterruptedException {
        ServiceTracker<ClinicStore, ClinicStore> tracker = new ServiceTracker<>(context, ClinicStore.class, null);
        tracker.open();
        try {
            return tracker.waitForService(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        } finally {
            tracker.close();
        }
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " is not installed"));
    }

    /** Waits for a condition; the bound only keeps a broken run from hanging, it measures nothing. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
