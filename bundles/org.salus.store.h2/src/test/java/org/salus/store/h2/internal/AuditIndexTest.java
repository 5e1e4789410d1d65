package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;

/**
 * The audit index is filled after the commits, yet every audit query is exact: before the indexer runs, across the
 * boundary between indexed and unindexed operations, after a crash left it behind, and in a store migrated from the
 * schema that indexed the op log itself.
 */
class AuditIndexTest {

    @TempDir
    Path dir;
    Clinic clinic;
    String med;

    @BeforeEach
    void setUp() throws Exception {
        clinic = new Clinic(dir);
        med = clinic.registerAmoxicillin();
        clinic.receive(med, "LOT-1", "2027-01-31", 1000);
        for (int i = 0; i < 20; i++) {
            clinic.commands.dispense(Clinic.PHARMACIST, med, 1);
        }
        clinic.registerPatient("MRN-1", "Amina", "Odhiambo");
    }

    @AfterEach
    void close() {
        clinic.close();
    }

    @Test
    void queriesAreExactWhetherOrNotTheIndexCaughtUp() {
        List<OpEnvelope> before = allPages(OpQuery.all().pageSize(7));
        int dispensedBefore = clinic.audit.find(Clinic.AUDITOR, OpQuery.all().type("stock.dispense").pageSize(100)).operations().size();
        assertEquals(24, before.size());
        assertEquals(20, dispensedBefore);

        clinic.store.catchUpAuditIndex();
        assertEquals(0, clinic.store.auditIndexLag());
        assertEquals(clinic.count("op_log"), clinic.count("op_audit"));
        assertEquals(before, allPages(OpQuery.all().pageSize(7)));

        // half indexed, half not: pages cross the boundary and filters see both sides
        for (int i = 0; i < 5; i++) {
            clinic.commands.dispense(Clinic.PHARMACIST, med, 2);
        }
        List<OpEnvelope> after = allPages(OpQuery.all().pageSize(4));
        assertEquals(29, after.size());
        assertEquals(29, after.stream().map(OpEnvelope::opId).distinct().count());
        for (int i = 1; i < after.size(); i++) {
            assertTrue(after.get(i - 1).hlc().compareTo(after.get(i).hlc()) > 0, "newest first at " + i);
        }
        assertEquals(before, after.subList(5, 29));
        assertEquals(25, clinic.audit.find(Clinic.AUDITOR, OpQuery.all().user("pharmacist-1").type("stock.dispense").pageSize(100))
                .operations().size());
        assertEquals(26, clinic.audit.find(Clinic.AUDITOR, OpQuery.all().entity("StockMovement", null).pageSize(100))
                .operations().size());
    }

    @Test
    void aStoreLeftBehindByACrashCatchesUpFromTheOpLog() throws Exception {
        clinic.store.catchUpAuditIndex();
        List<OpEnvelope> expected = allPages(OpQuery.all().pageSize(50));
        long ops = clinic.count("op_log");
        clinic.unbind(clinic.store);
        clinic.store.close();
        // as if the process had been killed before its indexer reached the last ten operations
        try (Connection c = Clinic.rawConnection(clinic.settings, clinic.keys); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM op_audit WHERE pos > (SELECT MAX(pos) FROM op_audit) - 10");
        }
        clinic.store = H2ClinicStore.open(clinic.settings, clinic.keys);
        clinic.bind(clinic.store);
        long lag = clinic.store.auditIndexLag();
        assertTrue(lag == 10 || lag == 0, "10 behind, unless the indexer already caught up: " + lag);
        assertEquals(expected, allPages(OpQuery.all().pageSize(50)), "exact before the catch-up");
        clinic.store.catchUpAuditIndex();
        assertEquals(ops, clinic.count("op_audit"));
        assertEquals(expected, allPages(OpQuery.all().pageSize(50)));
        assertEquals(ops, clinic.store.rebuildAuditIndex());
        assertEquals(expected, allPages(OpQuery.all().pageSize(50)));
    }

    @Test
    void aStoreOfTheOlderSchemaIsMigratedAndIndexed() throws Exception {
        List<OpEnvelope> expected = allPages(OpQuery.all().pageSize(50));
        String digest = clinic.digestAll();
        long ops = clinic.count("op_log");
        clinic.unbind(clinic.store);
        clinic.store.close();
        // schema version 2: the audit filters were indexes on op_log, and two projection indexes more
        try (Connection c = Clinic.rawConnection(clinic.settings, clinic.keys); Statement s = c.createStatement()) {
            s.execute("DROP TABLE op_audit");
            s.execute("CREATE INDEX ix_op_log_entity ON op_log (entity_type, entity_id, hlc)");
            s.execute("CREATE INDEX ix_op_log_entity_id ON op_log (entity_id, hlc)");
            s.execute("CREATE INDEX ix_op_log_user ON op_log (user_id, hlc)");
            s.execute("CREATE INDEX ix_op_log_device_time ON op_log (device_time)");
            s.execute("CREATE INDEX ix_op_log_op_type ON op_log (op_type, hlc)");
            s.execute("CREATE INDEX ix_op_log_hlc ON op_log (hlc, op_id)");
            s.execute("CREATE INDEX ix_stock_movement_medicine ON stock_movement (medicine_id, hlc)");
            s.execute("CREATE INDEX ix_stock_batch_medicine ON stock_batch (medicine_id, expiry)");
            // and none of the later migrations
            s.execute("DROP TABLE register_conflict");
            s.execute("DROP TABLE register_write");
            s.executeUpdate("DELETE FROM schema_version WHERE version >= 3");
        }
        clinic.store = H2ClinicStore.open(clinic.settings, clinic.keys);
        clinic.bind(clinic.store);
        List<MigrationScripts.Script> shipped = Migrations.shipped();
        assertEquals(shipped.get(shipped.size() - 1).version(), clinic.store.schemaVersion());
        assertEquals(ops, clinic.count("op_audit"), "everything logged before is indexed by the migration");
        assertEquals(0, clinic.store.auditIndexLag());
        assertEquals(expected, allPages(OpQuery.all().pageSize(50)));
        assertEquals(digest, clinic.digestAll(), "the op log and the projections are untouched");
        Set<String> indexes = indexesOf("OP_LOG");
        assertFalse(indexes.stream().anyMatch(i -> i.startsWith("IX_OP_LOG")), indexes.toString());
        assertFalse(indexesOf("STOCK_MOVEMENT").contains("IX_STOCK_MOVEMENT_MEDICINE"));
        assertFalse(indexesOf("STOCK_BATCH").contains("IX_STOCK_BATCH_MEDICINE"));
        clinic.commands.dispense(Clinic.PHARMACIST, med, 1);
        assertEquals(ops + 1, allPages(OpQuery.all().pageSize(50)).size());
    }

    @Test
    void theIndexerFillsTheIndexInTheBackground() throws Exception {
        for (int i = 0; i < H2ClinicStore.AUDIT_INDEX_BATCH; i++) {
            clinic.commands.dispense(Clinic.PHARMACIST, med, 1);
        }
        long ops = clinic.count("op_log");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (clinic.count("op_audit") < ops && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(ops, clinic.count("op_audit"), "indexed without anyone asking");
    }

    @Test
    void theIndexerWaitsForAPauseInTheWritesUnlessTheTailHasGrownLong() {
        assertFalse(H2ClinicStore.indexNow(0, 60_000), "nothing waits");
        assertFalse(H2ClinicStore.indexNow(H2ClinicStore.AUDIT_INDEX_BATCH, H2ClinicStore.AUDIT_INDEX_QUIET_MILLIS - 1), "the writes go on");
        assertFalse(H2ClinicStore.indexNow(H2ClinicStore.AUDIT_INDEX_MAX_TAIL - 1, 0), "the writes go on and the tail is still short");
        assertTrue(H2ClinicStore.indexNow(1, H2ClinicStore.AUDIT_INDEX_QUIET_MILLIS), "the writes paused");
        assertTrue(H2ClinicStore.indexNow(H2ClinicStore.AUDIT_INDEX_MAX_TAIL, 0), "the tail has grown long");
    }

    private List<OpEnvelope> allPages(OpQuery q) {
        List<OpEnvelope> all = new ArrayList<>();
        OpPage page = clinic.audit.find(Clinic.AUDITOR, q);
        all.addAll(page.operations());
        while (page.hasMore()) {
            page = clinic.audit.find(Clinic.AUDITOR, q.olderThan(page.nextCursor()));
            all.addAll(page.operations());
        }
        return all;
    }

    private Set<String> indexesOf(String table) {
        return clinic.store.read(tx -> {
            Set<String> names = new TreeSet<>();
            try (Statement s = tx.connection().createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = '" + table + "'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }
}
