package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that was never closed (a killed process compacts nothing) is compacted when it opens again, and the data is
 * the same afterwards.
 */
class FileCompactionTest {

    @TempDir
    Path dir;

    @Test
    void aWastefulFileLeftByACrashIsCompactedWhenTheStoreOpens() throws Exception {
        Clinic clinic = new Clinic(dir);
        String med = clinic.registerAmoxicillin();
        clinic.receive(med, "LOT-1", "2027-01-31", 100_000);
        for (int i = 0; i < 1_500; i++) {
            clinic.commands.dispense(Clinic.PHARMACIST, med, 1);
        }
        clinic.store.catchUpAuditIndex();
        String digest = clinic.digestAll();
        long ops = clinic.count("op_log");
        FileCompaction.FileState before;
        // a second connection to the same open database ends it the way a killed process does: no compaction, no clean close
        try (Connection c = Clinic.rawConnection(clinic.settings, clinic.keys); Statement s = c.createStatement()) {
            before = FileCompaction.state(c);
            s.execute("SHUTDOWN IMMEDIATELY");
        } catch (java.sql.SQLException closedUnderUs) {
            before = null;
        }
        clinic.unbind(clinic.store);
        clinic.store.close();
        long sizeBefore = Files.size(clinic.settings.dataFile());
        assertNotNull(before);
        assertTrue(before.wasteful(), "one small chunk per commit, most of them dead: " + before);

        clinic.store = H2ClinicStore.open(clinic.settings, clinic.keys);
        clinic.bind(clinic.store);
        FileCompaction.FileState after = clinic.store.read(tx -> FileCompaction.state(tx.connection()));
        assertTrue(!after.wasteful(), "compacted at open: " + after + " (before: " + before + ")");
        assertTrue(Files.size(clinic.settings.dataFile()) < sizeBefore / 2, Files.size(clinic.settings.dataFile()) + " bytes, "
                + sizeBefore + " before");
        assertEquals(ops, clinic.count("op_log"));
        assertEquals(digest, clinic.digestAll());
        assertTrue(clinic.audit.verifyChain(Clinic.AUDITOR).intact());
        clinic.commands.dispense(Clinic.PHARMACIST, med, 1);
        clinic.close();
    }
}
