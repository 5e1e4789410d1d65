package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.op.ChainProblem;
import org.salus.core.op.ChainReport;
import org.salus.core.op.OpEnvelope;

/**
 * Tampering through plain JDBC on the store's file (with the key, as someone with a SQL tool would) is found by
 * verifyChain, which names the first bad operation; and a tampered store is refused at start and quarantined.
 */
class TamperTest {

    @TempDir
    Path dir;
    Clinic clinic;
    /** The 10 operations, by deviceSeq (index 0 is seq 1). */
    List<OpEnvelope> ops;

    @BeforeEach
    void setUp() throws Exception {
        clinic = new Clinic(dir);
        String med = clinic.registerAmoxicillin();
        clinic.receive(med, "LOT-1", "2027-01-31", 100);
        for (int i = 0; i < 7; i++) {
            clinic.commands.dispense(Clinic.PHARMACIST, med, 1);
        }
        ops = new ArrayList<>(clinic.audit.find(Clinic.AUDITOR, org.salus.core.op.OpQuery.all().pageSize(100)).operations());
        java.util.Collections.reverse(ops);
        assertEquals(10, ops.size());
        assertTrue(clinic.audit.verifyChain(Clinic.AUDITOR).intact());
    }

    @AfterEach
    void close() {
        clinic.close();
    }

    /** Runs SQL on the live file through a second, plain connection. */
    void tamper(String... sql) throws Exception {
        try (Connection c = Clinic.rawConnection(clinic.settings, clinic.keys); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.executeUpdate(statement);
            }
        }
    }

    ChainProblem firstProblem() {
        ChainReport report = clinic.audit.verifyChain(Clinic.AUDITOR);
        assertFalse(report.intact(), "tampering must be seen");
        return report.firstProblem().orElseThrow();
    }

    @Test
    void anAlteredPayloadIsNamed() throws Exception {
        tamper("UPDATE op_log SET payload = REPLACE(payload, '\"quantity\":-1', '\"quantity\":-100') WHERE device_seq = 6");
        ChainProblem p = firstProblem();
        assertEquals(ChainProblem.Reason.ALTERED, p.reason());
        assertEquals(ops.get(5).opId(), p.opId());
        assertEquals(6, p.deviceSeq());
        assertTrue(p.explanation().contains("does not match its hash"), p.explanation());
    }

    @Test
    void aDeletedOperationIsNamedByTheOneAfterTheGap() throws Exception {
        tamper("DELETE FROM op_log WHERE device_seq = 4");
        ChainProblem p = firstProblem();
        assertEquals(ChainProblem.Reason.MISSING, p.reason());
        assertEquals(ops.get(4).opId(), p.opId());
        assertEquals(5, p.deviceSeq());
    }

    @Test
    void twoSwappedOperationsAreNamed() throws Exception {
        tamper("UPDATE op_log SET device_seq = -1 WHERE device_seq = 4",
                "UPDATE op_log SET device_seq = 4 WHERE device_seq = 5",
                "UPDATE op_log SET device_seq = 5 WHERE device_seq = -1");
        ChainProblem p = firstProblem();
        assertEquals(ChainProblem.Reason.ALTERED, p.reason());
        assertEquals(ops.get(4).opId(), p.opId(), "the operation that was 5th now sits at 4");
        assertEquals(4, p.deviceSeq());
    }

    @Test
    void anInsertedOperationIsNamed() throws Exception {
        OpEnvelope template = ops.get(5);
        String forged = "01a20244-e800-7fff-8000-000000000000";
        try (Connection c = Clinic.rawConnection(clinic.settings, clinic.keys); Statement s = c.createStatement()) {
            // make room at seq 6 and move the head, as a careful intruder would
            s.executeUpdate("UPDATE op_log SET device_seq = device_seq + 1000 WHERE device_seq >= 6");
            s.executeUpdate("UPDATE op_log SET device_seq = device_seq - 999 WHERE device_seq >= 1006");
            s.executeUpdate("UPDATE chain_head SET last_seq = last_seq + 1");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO op_log (" + H2OpLog.COLUMNS + ") SELECT ?, clinic_id, device_id,"
                    + " 'intruder', entity_type, entity_id, op_type, 6, hlc, device_time, schema_version, payload, prev_hash, hash,"
                    + " server_seq, received_at FROM op_log WHERE op_id = ?")) {
                ps.setString(1, forged);
                ps.setString(2, template.opId());
                assertEquals(1, ps.executeUpdate());
            }
        }
        ChainProblem p = firstProblem();
        assertEquals(forged, p.opId());
        assertEquals(6, p.deviceSeq());
        assertEquals(ChainProblem.Reason.ALTERED, p.reason());
    }

    @Test
    void aRemovedLastOperationIsSeenAgainstTheChainHead() throws Exception {
        tamper("DELETE FROM op_log WHERE device_seq = 10");
        ChainProblem p = firstProblem();
        assertEquals(ChainProblem.Reason.HEAD_MISMATCH, p.reason());
        assertNull(p.opId());
        assertEquals(10, p.deviceSeq());
    }

    @Test
    void aTamperedStoreIsRefusedAtStartAndQuarantinedWithItsFilesUntouched() throws Exception {
        tamper("UPDATE op_log SET payload = REPLACE(payload, '\"quantity\":-1', '\"quantity\":-100') WHERE device_seq = 9");
        clinic.close();
        clinic.store = null;
        String fileBefore = Files2.sha256(clinic.settings.dataFile());

        H2StoreComponent component = new H2StoreComponent(null, TestConfig.of(clinic.settings.database(), clinic.keys.keyFile()), clinic.keys);
        StoreOpenException failure = component.failure();
        assertEquals(StoreOpenException.Reason.TAMPERED, failure.reason());
        assertTrue(failure.getMessage().contains("has been altered: ALTERED at device " + ops.get(8).deviceId() + " seq 9 op " + ops.get(8).opId()),
                failure.getMessage());
        assertTrue(failure.getMessage().contains(clinic.settings.dataFile().toString()), "names the file");
        assertEquals(fileBefore, Files2.sha256(clinic.settings.dataFile()), "the data file is left exactly as it was");

        Path report = clinic.settings.quarantineReport();
        String text = Files.readString(report);
        assertTrue(text.contains("reason: TAMPERED"), text);
        assertTrue(text.contains("sticky: true"), text);
        assertTrue(text.contains("The data files were left untouched"), text);
        assertTrue(text.contains("delete this report"), text);

        // the quarantine holds on the next start, before the file is even opened
        StoreOpenException again = assertThrows(StoreOpenException.class, () -> H2ClinicStore.open(clinic.settings, clinic.keys));
        assertEquals(StoreOpenException.Reason.QUARANTINED, again.reason());
        assertTrue(again.getMessage().contains("TAMPERED found at"), again.getMessage());
        assertEquals(fileBefore, Files2.sha256(clinic.settings.dataFile()));
    }

    @Test
    void gapsBeforeTheCheckedTailAreStillFoundAtStart() throws Exception {
        tamper("DELETE FROM op_log WHERE device_seq = 2");
        clinic.close();
        clinic.store = null;
        StoreOpenException e = assertThrows(StoreOpenException.class,
                () -> H2ClinicStore.open(clinic.settings.withVerifyTailOps(3), clinic.keys));
        assertEquals(StoreOpenException.Reason.TAMPERED, e.reason());
        assertTrue(e.getMessage().contains("records 10 operations but the log holds 9"), e.getMessage());
    }

    @Test
    void verificationReadsEveryOperation() throws Exception {
        ChainReport report = clinic.audit.verifyChain(Clinic.AUDITOR);
        assertEquals(10, report.checkedOps());
        assertEquals(1, report.checkedDevices());
        try (Connection c = Clinic.rawConnection(clinic.settings, clinic.keys); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM op_log")) {
            rs.next();
            assertEquals(10, rs.getLong(1));
        }
    }
}
