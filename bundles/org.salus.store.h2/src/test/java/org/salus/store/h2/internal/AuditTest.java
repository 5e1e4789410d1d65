package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;

/** The audit trail is the op log: each filter, their combination, paging newest first. */
class AuditTest {

    @TempDir
    Path dir;
    Clinic clinic;
    String med;
    String batch;
    String patient;
    Instant afterStock;

    @BeforeEach
    void setUp() throws Exception {
        clinic = new Clinic(dir);
        med = clinic.registerAmoxicillin();                       // 1 op by the pharmacist
        batch = clinic.receive(med, "LOT-1", "2027-01-31", 100);   // 2 ops
        clinic.clock.advance(Duration.ofHours(1));
        afterStock = clinic.clock.now();
        for (int i = 0; i < 7; i++) {
            clinic.commands.dispense(Clinic.PHARMACIST, med, 1);  // 7 ops
        }
        clinic.clock.advance(Duration.ofHours(1));
        patient = clinic.registerPatient("MRN-1", "Amina", "Odhiambo");  // 1 op by the clinician
        clinic.commands.openEncounter(Clinic.CLINICIAN, patient, "outpatient", null);  // 1 op
    }

    @AfterEach
    void close() {
        clinic.close();
    }

    @Test
    void byUser() {
        assertEquals(10, clinic.audit.find(Clinic.AUDITOR, OpQuery.all().user("pharmacist-1")).operations().size());
        assertEquals(2, clinic.audit.find(Clinic.AUDITOR, OpQuery.all().user("clinician-1")).operations().size());
        assertTrue(clinic.audit.find(Clinic.AUDITOR, OpQuery.all().user("'; DROP TABLE op_log; --")).operations().isEmpty());
    }

    @Test
    void byEntityAndType() {
        List<OpEnvelope> onMedicine = clinic.audit.find(Clinic.AUDITOR, OpQuery.all().entity("Medicine", med)).operations();
        assertEquals(1, onMedicine.size());
        assertEquals("medicine.register", onMedicine.get(0).opType());
        assertEquals(1, clinic.audit.find(Clinic.AUDITOR, OpQuery.all().entity(null, patient)).operations().size());
        assertEquals(7, clinic.audit.find(Clinic.AUDITOR, OpQuery.all().type("stock.dispense")).operations().size());
        assertEquals(8, clinic.audit.find(Clinic.AUDITOR, OpQuery.all().entity("StockMovement", null)).operations().size());
    }

    @Test
    void byDeviceAndTimeRange() {
        String device = clinic.commands.currentDeviceId();
        assertEquals(12, clinic.audit.find(Clinic.AUDITOR, OpQuery.all().device(device)).operations().size());
        assertTrue(clinic.audit.find(Clinic.AUDITOR, OpQuery.all().device("other-device")).operations().isEmpty());
        List<OpEnvelope> window = clinic.audit.find(Clinic.AUDITOR, OpQuery.all().between(afterStock, afterStock.plus(Duration.ofMinutes(30)))).operations();
        assertEquals(7, window.size());
        assertTrue(window.stream().allMatch(o -> o.opType().equals("stock.dispense")));
    }

    @Test
    void filtersCombine() {
        assertEquals(7, clinic.audit.find(Clinic.AUDITOR, OpQuery.all().user("pharmacist-1").type("stock.dispense").between(afterStock, null)).operations().size());
        assertTrue(clinic.audit.find(Clinic.AUDITOR, OpQuery.all().user("clinician-1").type("stock.dispense")).operations().isEmpty());
        assertEquals(1, clinic.audit.find(Clinic.AUDITOR, OpQuery.all().user("clinician-1").entity("Encounter", null)).operations().size());
    }

    @Test
    void pagesComeNewestFirstAndCoverEverythingOnce() {
        List<OpEnvelope> all = new ArrayList<>();
        OpQuery q = OpQuery.all().pageSize(5);
        OpPage page = clinic.audit.find(Clinic.AUDITOR, q);
        int pages = 1;
        all.addAll(page.operations());
        while (page.hasMore()) {
            page = clinic.audit.find(Clinic.AUDITOR, q.olderThan(page.nextCursor()));
            all.addAll(page.operations());
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(12, all.size());
        assertEquals(12, new HashSet<>(all).size());
        assertEquals("encounter.open", all.get(0).opType());
        assertEquals("medicine.register", all.get(11).opType());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).hlc().compareTo(all.get(i).hlc()) > 0);
        }
        assertNull(page.nextCursor());
        assertEquals(12, clinic.audit.size(Clinic.AUDITOR));
        assertEquals(all.get(3), clinic.audit.operation(Clinic.AUDITOR, all.get(3).opId()).orElseThrow());
        assertFalse(clinic.audit.operation(Clinic.AUDITOR, "no-such-op").isPresent());
    }
}
