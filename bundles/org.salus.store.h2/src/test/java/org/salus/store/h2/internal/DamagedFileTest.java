package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that cannot be trusted are refused with a message naming the file and what to do, and left exactly as they
 * were; a wrong key does not harm the store, which opens again with the right key.
 */
class DamagedFileTest {

    @TempDir
    Path dir;
    Clinic clinic;
    String medicine;

    @BeforeEach
    void makeAStore() throws Exception {
        clinic = new Clinic(dir);
        medicine = clinic.registerAmoxicillin();
        String batch = clinic.receive(medicine, "LOT-1", "2027-01-31", 40);
        for (int i = 0; i < 30; i++) {
            clinic.commands.adjust(Clinic.PHARMACIST, batch, 1, "recount " + i);
        }
        clinic.close();
        clinic.store = null;
    }

    private StoreOpenException refused(Path dataFile) throws Exception {
        String before = Files2.sha256(dataFile);
        H2StoreComponent component = new H2StoreComponent(null, TestConfig.of(clinic.settings.database(), clinic.keys.keyFile()),
                clinic.keys);
        StoreOpenException e = component.failure();
        assertTrue(e != null, "the store must not open");
        assertTrue(e.getMessage().contains(dataFile.toString()), "names the file: " + e.getMessage());
        assertEquals(before, Files2.sha256(dataFile), "the file is left exactly as it was");
        assertTrue(Files.readString(clinic.settings.quarantineReport()).contains("reason: " + e.reason()));
        return e;
    }

    @Test
    void aWrongKeyIsRefusedClearlyAndTheRightKeyStillOpensTheStore() throws Exception {
        Path otherKeyFile = dir.resolve("other.key");
        FileKeyProvider otherKey = new FileKeyProvider(otherKeyFile);
        otherKey.databaseKey("clinic");
        String before = Files2.sha256(clinic.settings.dataFile());
        StoreOpenException e = assertThrows(StoreOpenException.class, () -> H2ClinicStore.open(clinic.settings, otherKey));
        assertEquals(StoreOpenException.Reason.CANNOT_DECRYPT, e.reason());
        assertTrue(e.getMessage().contains("cannot be decrypted with the key from key file " + otherKeyFile), e.getMessage());
        assertTrue(e.getMessage().contains(clinic.settings.dataFile().toString()), e.getMessage());
        assertEquals(before, Files2.sha256(clinic.settings.dataFile()));
        assertFalse(e.reason().sticky(), "a wrong key is checked again at the next start");

        try (H2ClinicStore store = H2ClinicStore.open(clinic.settings, clinic.keys)) {
            clinic.store = store;
            clinic.bind(store);
            assertEquals(70, clinic.queries.batchesOf(Clinic.PHARMACIST, medicine).get(0).getQuantityOnHand());
            assertTrue(clinic.audit.verifyChain(Clinic.AUDITOR).intact());
            assertEquals(33, clinic.audit.size(Clinic.AUDITOR));
            clinic.unbind(store);
        }
    }

    @Test
    void aWrongKeyThroughTheComponentWritesAReportThatDoesNotKeepTheStoreClosed() throws Exception {
        FileKeyProvider otherKey = new FileKeyProvider(dir.resolve("other.key"));
        H2StoreComponent component = new H2StoreComponent(null, TestConfig.of(clinic.settings.database(), dir.resolve("other.key")), otherKey);
        assertEquals(StoreOpenException.Reason.CANNOT_DECRYPT, component.failure().reason());
        String report = Files.readString(clinic.settings.quarantineReport());
        assertTrue(report.contains("sticky: false"), report);
        H2ClinicStore.open(clinic.settings, clinic.keys).close();
    }

    @Test
    void aTruncatedFileIsRefusedOrOpensWithNothingMissing() throws Exception {
        Path original = clinic.settings.dataFile();
        byte[] all = Files.readAllBytes(original);
        int refusals = 0;
        for (int percent = 5; percent < 100; percent += 5) {
            // each cut in its own folder: H2 keeps a failed file locked inside this JVM
            Path cutDir = Files.createDirectory(dir.resolve("cut-" + percent));
            Files.copy(clinic.keys.keyFile(), cutDir.resolve("clinic.key"));
            Files.copy(CommitMark.of(clinic.settings), cutDir.resolve("clinic.mark"));
            Path file = cutDir.resolve("clinic.mv.db");
            Files.write(file, Arrays.copyOf(all, all.length * percent / 100));
            H2StoreSettings settings = clinic.settings.withDatabase(cutDir.resolve("clinic"));
            FileKeyProvider keys = new FileKeyProvider(cutDir.resolve("clinic.key"));
            String before = Files2.sha256(file);
            try (H2ClinicStore store = H2ClinicStore.open(settings, keys)) {
                // the cut only took free space: then every operation must still be there
                assertEquals(33L, (long) store.read(tx -> tx.opLog().count()), percent + "%");
                assertTrue(store.read(tx -> tx.opLog().verifyChains(Long.MAX_VALUE)).intact(), percent + "%");
            } catch (StoreOpenException e) {
                refusals++;
                assertTrue(e.reason() == StoreOpenException.Reason.CORRUPT, percent + "%: " + e.reason() + " " + e.getMessage());
                assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
                assertTrue(e.getMessage().contains("Restore it from a backup"), e.getMessage());
                assertEquals(before, Files2.sha256(file), percent + "%: the file is left exactly as it was");
            }
        }
        assertTrue(refusals > 0, "some cuts must hit data");
    }

    @Test
    void aFileCutToAFewBytesIsNotTakenForANewEmptyStore() throws Exception {
        Path file = clinic.settings.dataFile();
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 100));
        StoreOpenException e = refused(file);
        assertEquals(StoreOpenException.Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("is truncated (100 bytes)"), e.getMessage());
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        Path file = clinic.settings.dataFile();
        Files.write(file, new byte[0]);
        StoreOpenException e = refused(file);
        assertEquals(StoreOpenException.Reason.NOT_A_STORE, e.reason());
        assertTrue(e.getMessage().contains("it is empty"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAnH2FileIsRefused() throws Exception {
        Path file = clinic.settings.dataFile();
        Files.writeString(file, "Patient list exported from the old system\n".repeat(500));
        StoreOpenException e = refused(file);
        assertEquals(StoreOpenException.Reason.NOT_A_STORE, e.reason());
        assertTrue(e.getMessage().contains("is not an encrypted Salus store"), e.getMessage());
    }

    @Test
    void anUnencryptedH2DatabaseIsRefused() throws Exception {
        Path other = dir.resolve("plain");
        Properties p = new Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", "");
        try (Connection c = new org.h2.Driver().connect("jdbc:h2:file:" + other, p); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT)");
        }
        Files.copy(dir.resolve("plain.mv.db"), clinic.settings.dataFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        StoreOpenException e = refused(clinic.settings.dataFile());
        assertEquals(StoreOpenException.Reason.NOT_A_STORE, e.reason());
        assertTrue(e.getMessage().contains("unencrypted H2 database"), e.getMessage());
    }

    @Test
    void anOlderCopyOfTheStoreIsNotTakenForTheCurrentOne() throws Exception {
        Path file = clinic.settings.dataFile();
        Path copy = dir.resolve("copy.mv.db");
        Files.copy(file, copy);
        try (H2ClinicStore store = H2ClinicStore.open(clinic.settings, clinic.keys)) {
            clinic.store = store;
            clinic.bind(store);
            clinic.commands.dispense(Clinic.PHARMACIST, medicine, 1);
            clinic.unbind(store);
        }
        clinic.store = null;
        Files.copy(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        StoreOpenException e = refused(file);
        assertEquals(StoreOpenException.Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("holds 33 operations, but 34 had been saved"), e.getMessage());
        assertTrue(e.getMessage().contains("clinic.mark as well"), e.getMessage());
    }

    @Test
    void aNewerSchemaIsRefusedWithoutTouchingTheFile() throws Exception {
        try (Connection c = Clinic.rawConnection(clinic.settings, clinic.keys); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version VALUES (999, 'V999__future.sql', '" + "f".repeat(64) + "', CURRENT_TIMESTAMP)");
        }
        StoreOpenException e = refused(clinic.settings.dataFile());
        assertEquals(StoreOpenException.Reason.SCHEMA, e.reason());
        assertTrue(e.getMessage().contains("schema version 999"), e.getMessage());
        assertFalse(e.reason().sticky());
    }

    @Test
    void reopeningAppliesNoMigrationTwice() throws Exception {
        try (H2ClinicStore store = H2ClinicStore.open(clinic.settings, clinic.keys)) {
            assertEquals(3, store.schemaVersion());
            long rows = store.read(tx -> {
                try (Statement s = tx.connection().createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertEquals(3, rows);
        }
    }
}
