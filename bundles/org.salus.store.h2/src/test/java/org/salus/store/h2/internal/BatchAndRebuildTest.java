package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.command.Command;
import org.salus.core.command.CommandResult;
import org.salus.core.command.Dispense;
import org.salus.core.command.OpenEncounter;
import org.salus.core.command.ReceiveStock;
import org.salus.core.command.RegisterMedicine;
import org.salus.core.command.StockRefusedException;
import org.salus.core.command.UpdateDemographics;
import org.salus.core.op.OpEnvelope;
import org.salus.model.inventory.StockBatch;

/** Batches commit whole, dispensing splits first-expired-first-out, and the projections are exactly a replay of the op log. */
class BatchAndRebuildTest {

    @TempDir
    Path dir;
    Clinic clinic;

    @BeforeEach
    void open() throws Exception {
        clinic = new Clinic(dir);
    }

    @AfterEach
    void close() {
        clinic.close();
    }

    @Test
    void aBatchCommitsWholeAndLaterCommandsSeeEarlierOnes() {
        String med = clinic.registerAmoxicillin();
        CommandResult r = clinic.commands.executeAll(Clinic.PHARMACIST, List.of(
                new ReceiveStock(med, "LOT-1", LocalDate.of(2027, 1, 31), "main-store", 10),
                new ReceiveStock(med, "LOT-2", LocalDate.of(2027, 2, 28), "main-store", 10),
                Dispense.fefo(med, 15)));
        assertEquals(List.of("batch.create", "stock.receive", "batch.create", "stock.receive", "stock.dispense", "stock.dispense"),
                r.operations().stream().map(OpEnvelope::opType).toList());
        assertEquals(2, r.createdIds("StockBatch").size());
        long seq = r.operations().get(0).deviceSeq();
        for (int i = 0; i < r.operations().size(); i++) {
            assertEquals(seq + i, r.operations().get(i).deviceSeq());
        }
    }

    @Test
    void dispenseSplitsOverBatchesFirstExpiredFirstInOneTransaction() {
        String med = clinic.registerAmoxicillin();
        String late = clinic.receive(med, "LOT-LATE", "2028-01-31", 50);
        String soon = clinic.receive(med, "LOT-SOON", "2026-12-31", 3);
        String mid = clinic.receive(med, "LOT-MID", "2027-06-30", 4);
        CommandResult r = clinic.commands.dispense(Clinic.PHARMACIST, med, 10);
        assertEquals(3, r.operations().size());
        assertEquals(List.of(0, 0, 47), List.of(qty(soon), qty(mid), qty(late)));
        assertEquals(List.of("LOT-LATE"), clinic.queries.batchesOf(Clinic.PHARMACIST, med).stream().map(StockBatch::getLot).toList());
        StockRefusedException e = org.junit.jupiter.api.Assertions.assertThrows(StockRefusedException.class,
                () -> clinic.commands.dispense(Clinic.PHARMACIST, med, 48));
        assertEquals("Batch LOT-LATE of Amoxicillin 500 mg has 47 left; 48 were asked", e.getMessage());
        assertEquals(late, e.batchId());
        assertEquals(48, e.requested());
        assertEquals(47, e.available());
    }

    @Test
    void expiredBatchesAreSkippedAndNamedWhenTheyAreAllThatIsLeft() {
        String med = clinic.registerAmoxicillin();
        String old = clinic.receive(med, "LOT-OLD", "2026-11-30", 20);
        String fresh = clinic.receive(med, "LOT-NEW", "2027-11-30", 5);
        clinic.clock.advance(Duration.ofDays(9));
        clinic.commands.dispense(Clinic.PHARMACIST, med, 5);
        assertEquals(20, qty(old));
        assertEquals(0, qty(fresh));
        StockRefusedException e = org.junit.jupiter.api.Assertions.assertThrows(StockRefusedException.class,
                () -> clinic.commands.dispense(Clinic.PHARMACIST, med, 1));
        assertEquals(StockRefusedException.Reason.EXPIRED, e.reason());
        assertEquals(old, e.batchId());
        assertEquals("LOT-OLD", e.lot());
        assertTrue(e.getMessage().contains("have expired (batch LOT-OLD on 2026-11-30)"), e.getMessage());
    }

    @Test
    void projectionsEqualARebuildFromTheOpLog() {
        workload();
        String live = digest();
        // wreck the projections, then rebuild them from the op log alone
        clinic.store.write(tx -> {
            try (Statement s = tx.connection().createStatement()) {
                s.executeUpdate("UPDATE stock_batch SET quantity_on_hand = 999");
                s.executeUpdate("DELETE FROM patient");
            }
            return null;
        });
        assertNotEquals(live, digest());
        long replayed = clinic.rebuild();
        assertEquals(clinic.count("op_log"), replayed);
        assertEquals(live, digest());
        assertTrue(clinic.audit.verifyChain(Clinic.AUDITOR).intact());
    }

    @Test
    void concurrentCommandsKeepTheChainGapFreeAndTheStockExact() throws Exception {
        String med = clinic.registerAmoxicillin();
        clinic.receive(med, "LOT-1", "2027-01-31", 1000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        clinic.commands.dispense(Clinic.PHARMACIST, med, 2);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(800, clinic.queries.batchesOf(Clinic.PHARMACIST, med).get(0).getQuantityOnHand());
        assertEquals(103, clinic.count("op_log"));
        var report = clinic.audit.verifyChain(Clinic.AUDITOR);
        assertTrue(report.intact(), report.toString());
        assertEquals(103, report.checkedOps());
    }

    private String digest() {
        try {
            return clinic.digestProjections();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int qty(String batchId) {
        return clinic.queries.batch(Clinic.PHARMACIST, batchId).orElseThrow().getQuantityOnHand();
    }

    /** A bit of everything, with the clock moving. */
    void workload() {
        String amox = clinic.registerAmoxicillin();
        String para = clinic.registerParacetamol();
        List<Command> receive = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            receive.add(new ReceiveStock(i % 2 == 0 ? amox : para, "LOT-" + i, LocalDate.of(2027, 1 + i, 1), i % 3 == 0 ? "main-store" : "ward-1", 20 + i));
        }
        clinic.commands.executeAll(Clinic.PHARMACIST, receive);
        clinic.commands.execute(Clinic.PHARMACIST, new RegisterMedicine("96385074", "Ibuprofen", "tablet", "200", "mg", 10, false));
        String p = clinic.registerPatient("MRN-7", "Wanjiru", "Kamau");
        String enc = clinic.commands.execute(Clinic.CLINICIAN, new OpenEncounter(p, "outpatient", "fever", null)).createdId("Encounter");
        for (int i = 0; i < 5; i++) {
            clinic.clock.advance(Duration.ofMinutes(7));
            clinic.commands.dispense(Clinic.PHARMACIST, i % 2 == 0 ? amox : para, 9);
            clinic.commands.recordObservation(Clinic.CLINICIAN, p, enc, "temp", "38." + i, "Cel");
        }
        String batch = clinic.queries.batchesOf(Clinic.PHARMACIST, amox).get(0).getId();
        clinic.commands.adjust(Clinic.PHARMACIST, batch, 2, "found in drawer");
        clinic.commands.transfer(Clinic.PHARMACIST, batch, 3, "ward-9");
        String order = clinic.commands.orderMedication(Clinic.CLINICIAN, p, enc, amox, "500 mg", "oral", "tid").createdId("MedicationOrder");
        clinic.commands.dispenseForOrder(Clinic.PHARMACIST, order, p, amox, 4);
        clinic.commands.discontinueMedication(Clinic.CLINICIAN, order, "course changed");
        String note = clinic.commands.writeNote(Clinic.CLINICIAN, p, enc, "Plan", "Fluids").createdId("Note");
        clinic.commands.reviseNote(Clinic.CLINICIAN, note, "Fluids and rest");
        clinic.commands.updateDemographics(Clinic.CLINICIAN, UpdateDemographics.of(p).with("address", "Nakuru").with("phone", "0700"));
        clinic.commands.updateDemographics(Clinic.CLINICIAN, UpdateDemographics.of(p).with("phone", null));
        clinic.clock.advance(Duration.ofDays(400));
        clinic.commands.writeOffExpired(Clinic.PHARMACIST, batch);
    }
}
