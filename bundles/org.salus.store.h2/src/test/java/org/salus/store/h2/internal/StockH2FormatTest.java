package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store file is H2's own {@code CIPHER=AES} format (ADR 0024): a stock H2 with the key opens a store written by
 * Salus, and a store file that stock H2 rewrote from end to end opens in Salus with its chain intact. Stores made by
 * earlier versions of Salus, which used {@code CIPHER=AES}, open unchanged.
 */
class StockH2FormatTest {

    @TempDir
    Path dir;

    @Test
    void stockH2AndTheStoreReadEachOthersFiles() throws Exception {
        String digest;
        long ops;
        try (Clinic clinic = new Clinic(dir)) {
            String medicine = clinic.registerAmoxicillin();
            clinic.receive(medicine, "LOT-1", "2027-01-31", 100);
            for (int i = 0; i < 25; i++) {
                clinic.commands.dispense(Clinic.PHARMACIST, medicine, 2);
            }
            clinic.store.catchUpAuditIndex();
            digest = clinic.digestAll();
            ops = clinic.count("op_log");
        }
        Clinic closed = new Clinic(dir);
        H2StoreSettings settings = closed.settings;
        FileKeyProvider keys = closed.keys;
        closed.close();

        try (Connection c = Clinic.stockH2Connection(settings, keys); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT COUNT(*), SUM(quantity_on_hand) FROM stock_batch")) {
                r.next();
                assertEquals(1, r.getLong(1));
                assertEquals(50, r.getLong(2), "stock H2 reads the quantities Salus wrote");
            }
            try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM op_log")) {
                r.next();
                assertEquals(ops, r.getLong(1));
            }
            // stock H2 rewrites every page of the file with its own encryption
            s.execute("SHUTDOWN COMPACT");
        }

        try (Clinic reopened = new Clinic(dir)) {
            assertEquals(digest, reopened.digestAll(), "the file stock H2 rewrote holds the same store");
            assertTrue(reopened.audit.verifyChain(Clinic.AUDITOR).intact());
            String medicine = reopened.queries.medicines(Clinic.PHARMACIST, null, 10).get(0).medicine().getId();
            reopened.commands.dispense(Clinic.PHARMACIST, medicine, 1);
            assertEquals(49, reopened.queries.batchesOf(Clinic.PHARMACIST, medicine).get(0).getQuantityOnHand());
        }
    }
}
