package org.salus.store.h2.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;
import org.salus.core.command.Actor;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.CommandResult;
import org.salus.core.command.StoreUnavailableException;
import org.salus.core.op.ChainReport;
import org.salus.core.op.OpEnvelope;
import org.salus.core.query.ClinicQueries;
import org.salus.core.store.ClinicStore;
import org.salus.security.Authentication;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.security.UserAdministration;

/**
 * The clinic data core in a real framework (bnd-testing runs this same bundle on Felix and on Equinox): commands of a
 * pharmacist logged in through the security bundle go through the services into the encrypted H2 store, and the
 * store bundle is stopped, updated and started again while another thread keeps dispensing. Every command that
 * reported success must be in the op log afterwards, and the chain must verify.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClinicStoreOSGiTest {

    /** The session of the pharmacist the first configuration logs in. */
    static Actor pharmacist;
    static final String STORE_BUNDLE = "org.salus.store.h2";
    static final long GUARD_SECONDS = 60;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 10_000)
    ClinicCommands commands;

    @InjectService(timeout = 10_000)
    ClinicQueries queries;

    @InjectService(timeout = 10_000)
    Authentication authentication;

    @InjectService(timeout = 10_000)
    UserAdministration administration;

    /** The medicine and batch made by the first test, used by the second. */
    static String medicineId;
    static String batchId;

    @BeforeEach
    void configureTheStoreOnce() throws Exception {
        Configuration store = configAdmin.getConfiguration("org.salus.store.h2", "?");
        if (store.getProperties() != null) {
            return;
        }
        Path dir = Paths.get(context.getProperty("salus.itest.dir"));
        deleteTree(dir);
        Files.createDirectories(dir);
        Hashtable<String, Object> device = new Hashtable<>();
        device.put("clinicId", "clinic-it");
        // short enough that commands in the gap of a store update are refused, long enough to ride out a quick swap
        device.put("storeWaitMillis", 1000L);
        configAdmin.getConfiguration("org.salus.core.device", "?").update(device);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("path", dir.resolve("clinic").toString());
        props.put("durability", "WRITE");
        store.update(props);
        assertNotNull(awaitStore(), "the store service appears once configured");
        pharmacist = logInAPharmacist();
    }

    /** First run, the setup account sets its password and creates a pharmacist, who logs in and sets hers. */
    private Actor logInAPharmacist() {
        SetupAccount setup = authentication.firstRun().orElseThrow();
        char[] otp = setup.oneTimePassword().clone();
        Session admin = authentication.login(setup.username(), setup.oneTimePassword());
        admin = authentication.changePassword(admin.actor(), otp, "store itest passphrase".toCharArray());
        administration.createUser(admin.actor(), "pharmacist-it", "Pharmacist (itest)", Set.of("pharmacist"), "initial secret 4711".toCharArray());
        authentication.lock(admin.actor());
        Session p = authentication.login("pharmacist-it", "initial secret 4711".toCharArray());
        return authentication.changePassword(p.actor(), "initial secret 4711".toCharArray(), "own secret 0815!".toCharArray()).actor();
    }

    @Test
    @Order(1)
    void commandsRunThroughTheServicesIntoTheEncryptedStore() throws Exception {
        String framework = context.getBundle(0).getSymbolicName() + " " + context.getBundle(0).getVersion();
        medicineId = commands.registerMedicine(pharmacist, "04006381333931", "amoxicillin", "capsule", "500", "mg", 10, true)
                .createdId("Medicine");
        batchId = commands.receiveStock(pharmacist, medicineId, "LOT-IT", LocalDate.of(2099, 12, 31), "main-store", 100_000)
                .createdId("StockBatch");
        CommandResult dispensed = commands.dispense(pharmacist, medicineId, 3);
        assertEquals(1, dispensed.operations().size());
        assertEquals(99_997, queries.batch(pharmacist, batchId).orElseThrow().getQuantityOnHand());
        assertEquals("amoxicillin", queries.medicines(pharmacist, "amox", 5).get(0).medicine().getInnName());
        // the op log as the store holds it: the audit trail itself is for auditors (AuditLog needs audit.read)
        assertTrue(awaitStore().read(tx -> tx.opLog().verifyChains(Long.MAX_VALUE)).intact());
        Path dataFile = Paths.get(context.getProperty("salus.itest.dir"), "clinic.mv.db");
        assertTrue(Files.size(dataFile) > 0);
        byte[] raw = Files.readAllBytes(dataFile);
        assertTrue(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("H2encrypt"));
        assertTrue(!new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).contains("amoxicillin"), "no plain text in the file");
        System.out.println("[store.h2.tests] " + framework + ": commands ran into " + awaitStore().location());
    }

    @Test
    @Order(2)
    void theStoreBundleIsUpdatedWhileCommandsKeepComing() throws Exception {
        assertNotNull(batchId, "runs after the first test");
        int before = queries.batch(pharmacist, batchId).orElseThrow().getQuantityOnHand();
        Bundle storeBundle = bundle(STORE_BUNDLE);

        Queue<OpEnvelope> saved = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            while (!stop.get()) {
                try {
                    saved.addAll(commands.dispense(pharmacist, medicineId, 1).operations());
                } catch (StoreUnavailableException e) {
                    refused.incrementAndGet();
                } catch (Throwable t) {
                    unexpected.compareAndSet(null, t);
                    return;
                }
            }
        }, "dispensing");
        writer.start();
        try {
            await("dispenses before the update", () -> saved.size() >= 20 || unexpected.get() != null);
            storeBundle.stop();
            await("a dispense refused while the store is away", () -> refused.get() > 0 || unexpected.get() != null);
            storeBundle.update();
            storeBundle.start();
            int afterRestart = saved.size();
            await("dispenses after the update", () -> saved.size() >= afterRestart + 20 || unexpected.get() != null);
        } finally {
            stop.set(true);
            writer.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        }
        assertNull(unexpected.get(), () -> "only StoreUnavailableException may happen in the gap, not " + unexpected.get());
        assertTrue(refused.get() > 0);
        assertEquals(Bundle.ACTIVE, storeBundle.getState());

        ClinicStore updated = awaitStore();
        List<OpEnvelope> missing = new ArrayList<>();
        for (OpEnvelope op : saved) {
            if (!updated.read(tx -> tx.opLog().find(op.opId())).filter(op::equals).isPresent()) {
                missing.add(op);
            }
        }
        assertEquals(List.of(), missing, "every dispense that reported success is in the op log");
        assertEquals(before - saved.size(), queries.batch(pharmacist, batchId).orElseThrow().getQuantityOnHand());
        ChainReport report = updated.read(tx -> tx.opLog().verifyChains(Long.MAX_VALUE));
        assertTrue(report.intact(), report.toString());
        System.out.println("[store.h2.tests] " + context.getBundle(0).getSymbolicName() + ": " + saved.size() + " dispenses saved, "
                + refused.get() + " refused while the store bundle was updated; " + report);
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
        return Stream.of(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
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
