package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.command.CommandResult;
import org.salus.core.command.Dispense;
import org.salus.core.command.RegisterPatient;
import org.salus.core.command.UpdateDemographics;
import org.salus.core.command.WriteOffExpired;
import org.salus.core.op.CanonicalJson;
import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.core.op.UuidV7;
import org.salus.core.query.MedicineStock;
import org.salus.model.clinical.Encounter;
import org.salus.model.clinical.MedicationOrder;
import org.salus.model.clinical.Note;
import org.salus.model.clinical.NoteRevision;
import org.salus.model.clinical.Observation;
import org.salus.model.clinical.OrderStatus;
import org.salus.model.clinical.Patient;
import org.salus.model.clinical.Sex;
import org.salus.model.inventory.Medicine;
import org.salus.model.inventory.MovementKind;
import org.salus.model.inventory.StockBatch;
import org.salus.model.inventory.StockMovement;

/** Every command through the real store: operations written, chained, and visible in the projections. */
class CommandsTest {

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
    void registerMedicineWritesOneChainedOperationWithTheModelAttributes() {
        CommandResult r = clinic.commands.registerMedicine(Clinic.PHARMACIST, "4006381333931", " Amoxicillin ", "capsule", "500", "mg", 20, true);
        assertEquals(1, r.operations().size());
        OpEnvelope op = r.operations().get(0);
        String id = r.createdId("Medicine");
        assertEquals("Medicine", op.entityType());
        assertEquals(id, op.entityId());
        assertEquals("medicine.register", op.opType());
        assertEquals(1, op.deviceSeq());
        assertEquals(OpHashes.GENESIS, op.prevHash());
        assertTrue(OpHashes.hashMatches(op));
        assertTrue(UuidV7.isUuidV7(op.opId()));
        assertTrue(UuidV7.isUuidV7(id));
        assertEquals("clinic-1", op.clinicId());
        assertEquals("pharmacist-1", op.userId());
        assertEquals("{\"critical\":true,\"form\":\"capsule\",\"gtin\":\"04006381333931\",\"id\":\"" + id
                + "\",\"innName\":\"Amoxicillin\",\"reorderLevel\":20,\"strength\":\"500\",\"unit\":\"mg\"}", op.payload());
        Medicine m = clinic.queries.medicine(Clinic.PHARMACIST, id).orElseThrow();
        assertEquals("Amoxicillin", m.getInnName());
        assertEquals("04006381333931", m.getGtin());
        assertTrue(m.isCritical());
        assertEquals(20, m.getReorderLevel());
    }

    @Test
    void receiveCreatesABatchAndTopsUpTheSameLot() {
        String med = clinic.registerAmoxicillin();
        CommandResult first = clinic.commands.receiveStock(Clinic.PHARMACIST, med, "LOT-42", LocalDate.of(2027, 3, 31), "main-store", 100);
        assertEquals(List.of("batch.create", "stock.receive"), first.operations().stream().map(OpEnvelope::opType).toList());
        String batch = first.createdId("StockBatch");
        CommandResult second = clinic.commands.receiveStock(Clinic.PHARMACIST, med, "LOT-42", LocalDate.of(2027, 3, 31), "main-store", 30);
        assertEquals(List.of("stock.receive"), second.operations().stream().map(OpEnvelope::opType).toList());
        assertEquals(130, clinic.queries.batch(Clinic.PHARMACIST, batch).orElseThrow().getQuantityOnHand());
        List<StockMovement> moves = clinic.queries.movementsOf(Clinic.PHARMACIST, batch);
        assertEquals(List.of(100, 30), moves.stream().map(StockMovement::getQuantity).toList());
        assertTrue(moves.stream().allMatch(m -> m.getKind() == MovementKind.RECEIVE));
        MedicineStock stock = clinic.queries.medicines(Clinic.PHARMACIST, "amoxi", 10).get(0);
        assertEquals(130, stock.onHand());
        assertEquals(130, stock.usable());
        assertFalse(stock.low());
    }

    @Test
    void aPageOfMedicinesIsTheHeadOfTheWholeListWithStockAndFirstExpiry() {
        String[] names = {"Zinc", "Amoxicillin", "Metformin", "Paracetamol", "Ibuprofen"};
        String[] ids = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            ids[i] = clinic.commands.registerMedicine(Clinic.PHARMACIST, gtin(952004200100L + i), names[i], "tablet", "100", "mg", 10, i == 3).createdId("Medicine");
        }
        clinic.receive(ids[1], "A-LATE", "2027-06-30", 40);
        clinic.receive(ids[1], "A-SOON", "2026-12-15", 5);
        clinic.receive(ids[2], "M-1", "2027-01-31", 3);
        // expires while in stock: counted on hand, not usable, and still the first expiry
        clinic.receive(ids[3], "P-OLD", "2026-11-30", 7);
        clinic.receive(ids[3], "P-NEW", "2028-01-31", 50);
        clinic.clock.advance(Duration.ofDays(10));
        List<MedicineStock> all = clinic.queries.medicines(Clinic.PHARMACIST, null, 100);
        assertEquals(List.of("Amoxicillin", "Ibuprofen", "Metformin", "Paracetamol", "Zinc"),
                all.stream().map(m -> m.medicine().getInnName()).toList());
        List<MedicineStock> page = clinic.queries.medicines(Clinic.PHARMACIST, null, 3);
        assertEquals(all.subList(0, 3).stream().map(CommandsTest::line).toList(), page.stream().map(CommandsTest::line).toList());
        MedicineStock amoxicillin = all.get(0);
        assertEquals(45, amoxicillin.onHand());
        assertEquals(45, amoxicillin.usable());
        assertEquals(LocalDate.of(2026, 12, 15), amoxicillin.firstExpiry());
        assertNull(all.get(1).firstExpiry(), "no batch, no expiry");
        assertEquals(0, all.get(1).onHand());
        MedicineStock paracetamol = all.get(3);
        assertEquals(57, paracetamol.onHand());
        assertEquals(50, paracetamol.usable());
        assertEquals(LocalDate.of(2026, 11, 30), paracetamol.firstExpiry());
        assertTrue(paracetamol.medicine().isCritical());
        // a search pages the same way
        assertEquals(List.of("Metformin"), clinic.queries.medicines(Clinic.PHARMACIST, "metf", 1).stream()
                .map(m -> m.medicine().getInnName()).toList());
        MedicineStock lowMetformin = clinic.queries.lowStock(Clinic.PHARMACIST, 10).stream()
                .filter(m -> m.medicine().getId().equals(ids[2])).findFirst().orElseThrow();
        assertEquals(3, lowMetformin.usable());
        assertEquals(LocalDate.of(2027, 1, 31), lowMetformin.firstExpiry());
    }

    private static String line(MedicineStock m) {
        return m.medicine().getId() + " " + m.medicine().getInnName() + " " + m.onHand() + " " + m.usable() + " " + m.firstExpiry();
    }

    /** A GTIN-13 with its GS1 check digit. */
    private static String gtin(long body12) {
        String body = String.format("%012d", body12);
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (body.charAt(11 - i) - '0') * (i % 2 == 0 ? 3 : 1);
        }
        return body + (10 - sum % 10) % 10;
    }

    @Test
    void dispenseAdjustWriteOffAndTransferMoveStockAndLeaveALedger() {
        String med = clinic.registerAmoxicillin();
        String b1 = clinic.receive(med, "LOT-1", "2026-12-31", 10);
        clinic.commands.dispense(Clinic.PHARMACIST, med, 4);
        assertEquals(6, clinic.queries.batch(Clinic.PHARMACIST, b1).orElseThrow().getQuantityOnHand());
        clinic.commands.adjust(Clinic.PHARMACIST, b1, -1, "broken capsule found at count");
        assertEquals(5, clinic.queries.batch(Clinic.PHARMACIST, b1).orElseThrow().getQuantityOnHand());
        CommandResult moved = clinic.commands.transfer(Clinic.PHARMACIST, b1, 2, "ward-3");
        String target = moved.createdId("StockBatch");
        StockBatch atWard = clinic.queries.batch(Clinic.PHARMACIST, target).orElseThrow();
        assertEquals("ward-3", atWard.getLocation());
        assertEquals("LOT-1", atWard.getLot());
        assertEquals(LocalDate.of(2026, 12, 31), atWard.getExpiry());
        assertEquals(2, atWard.getQuantityOnHand());
        assertEquals(3, clinic.queries.batch(Clinic.PHARMACIST, b1).orElseThrow().getQuantityOnHand());
        // the lot expires: 40 days later both batches are written off
        clinic.clock.advance(Duration.ofDays(40));
        clinic.commands.execute(Clinic.PHARMACIST, new WriteOffExpired(b1, null));
        clinic.commands.writeOffExpired(Clinic.PHARMACIST, target);
        assertEquals(0, clinic.queries.batch(Clinic.PHARMACIST, b1).orElseThrow().getQuantityOnHand());
        assertEquals(0, clinic.queries.batch(Clinic.PHARMACIST, target).orElseThrow().getQuantityOnHand());
        List<StockMovement> ledger = clinic.queries.movementsOf(Clinic.PHARMACIST, b1);
        assertEquals(List.of(MovementKind.RECEIVE, MovementKind.DISPENSE, MovementKind.ADJUST, MovementKind.TRANSFER, MovementKind.WRITE_OFF),
                ledger.stream().map(StockMovement::getKind).toList());
        assertEquals(List.of(10, -4, -1, -2, -3), ledger.stream().map(StockMovement::getQuantity).toList());
        assertEquals("expired", ledger.get(4).getReason());
        assertEquals("main-store", ledger.get(3).getFromLocation());
        assertEquals("ward-3", ledger.get(3).getToLocation());
        assertTrue(clinic.queries.batchesOf(Clinic.PHARMACIST, med).isEmpty(), "empty batches are not listed as stock");
    }

    @Test
    void patientsRegisterChangeDemographicsAndAreFoundByNameOrRecordNumber() {
        String p = clinic.commands.execute(Clinic.CLINICIAN, new RegisterPatient("MRN-0042", "José", "Núñez", LocalDate.of(1975, 2, 3),
                Sex.MALE, "+254 700 000 000", "Kisumu")).createdId("Patient");
        clinic.registerPatient("MRN-0043", "Amina", "Odhiambo");
        CommandResult update = clinic.commands.updateDemographics(Clinic.CLINICIAN,
                UpdateDemographics.of(p).with("phone", "+254 711 111 111").with("familyName", "Núñez"));
        assertEquals(1, update.operations().size());
        assertEquals("patient.update", update.operations().get(0).opType());
        String registered = clinic.audit.find(Clinic.AUDITOR, org.salus.core.op.OpQuery.all().entity("Patient", p).type("patient.register")).operations().get(0).opId();
        assertEquals("{\"base\":{\"phone\":[\"" + registered + "\"]},\"phone\":\"+254 711 111 111\"}",
                update.operations().get(0).payload(), "only the field that changed, with the write it was edited from");
        assertTrue(update.created().isEmpty());
        Patient found = clinic.queries.findPatients(Clinic.CLINICIAN, "nun", 10).get(0);
        assertEquals(p, found.getId());
        assertEquals("+254 711 111 111", found.getPhone());
        assertEquals("Kisumu", found.getAddress());
        assertEquals(Sex.MALE, found.getSex());
        assertEquals(p, clinic.queries.findPatients(Clinic.CLINICIAN, "mrn-0042", 10).get(0).getId());
        assertEquals(p, clinic.queries.findPatients(Clinic.CLINICIAN, "JOSE", 10).get(0).getId());
        assertEquals(2, clinic.queries.findPatients(Clinic.CLINICIAN, "MRN", 10).size());
        assertTrue(clinic.queries.findPatients(Clinic.CLINICIAN, "zzz", 10).isEmpty());
        assertTrue(clinic.queries.findPatients(Clinic.CLINICIAN, "%", 10).isEmpty(), "LIKE wildcards are searched as text");
    }

    @Test
    void aSearchMatchingManyPatientsOnSeveralFieldsListsEachOnceInNameOrderUpToTheLimit() {
        List<org.salus.core.command.Command> register = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // each matches "a" on its record number, its family name and its given name
            register.add(new RegisterPatient(String.format("A-%03d", i), i % 2 == 0 ? "Asha" : "Amina", "Achieng " + (char) ('z' - i % 26),
                    LocalDate.of(1980, 1, 1), Sex.FEMALE, null, null));
        }
        clinic.commands.executeAll(Clinic.CLINICIAN, register);
        clinic.registerPatient("B-1", "Baraka", "Otieno");
        List<Patient> all = clinic.queries.findPatients(Clinic.CLINICIAN, "a", 1000);
        assertEquals(300, all.size(), "every match once, though it matches three times");
        assertEquals(300, all.stream().map(Patient::getId).distinct().count());
        List<Patient> sorted = new java.util.ArrayList<>(all);
        sorted.sort(java.util.Comparator.comparing((Patient x) -> x.getFamilyName().toLowerCase()).thenComparing(x -> x.getGivenName().toLowerCase())
                .thenComparing(Patient::getId));
        assertEquals(sorted, all, "by family name, given name and id");
        assertEquals(all.subList(0, 50).stream().map(Patient::getId).toList(),
                clinic.queries.findPatients(Clinic.CLINICIAN, "A", 50).stream().map(Patient::getId).toList(), "the first of them, up to the limit");
        assertEquals(10, clinic.queries.findPatients(Clinic.CLINICIAN, "a-01", 1000).size(), "by record number");
        assertEquals(150, clinic.queries.findPatients(Clinic.CLINICIAN, "ash", 1000).size(), "by given name");
        assertEquals(1, clinic.queries.findPatients(Clinic.CLINICIAN, "otie", 1000).size(), "by family name");
    }

    @Test
    void aVisitWithObservationOrderDispenseAndNotes() {
        String med = clinic.registerAmoxicillin();
        clinic.receive(med, "LOT-1", "2027-01-31", 50);
        String patient = clinic.registerPatient("MRN-1", "Amina", "Odhiambo");
        String encounter = clinic.commands.openEncounter(Clinic.CLINICIAN, patient, "outpatient", "cough").createdId("Encounter");
        clinic.clock.advance(Duration.ofMinutes(5));
        clinic.commands.recordObservation(Clinic.CLINICIAN, patient, encounter, "body-temperature", "38.4", "Cel");
        String order = clinic.commands.orderMedication(Clinic.CLINICIAN, patient, encounter, med, "500 mg", "oral", "3 times a day for 5 days")
                .createdId("MedicationOrder");
        CommandResult dispensed = clinic.commands.dispenseForOrder(Clinic.PHARMACIST, order, patient, med, 15);
        assertEquals(order, CanonicalJson.parseObject(dispensed.operations().get(0).payload()).get("orderId"));
        CommandResult note = clinic.commands.writeNote(Clinic.CLINICIAN, patient, encounter, "Assessment", "Likely bacterial.");
        String noteId = note.createdId("Note");
        clinic.clock.advance(Duration.ofMinutes(1));
        clinic.commands.reviseNote(Clinic.CLINICIAN, noteId, "Likely bacterial; review in 5 days.");
        clinic.commands.discontinueMedication(Clinic.CLINICIAN, order, "rash");

        Encounter e = clinic.queries.encountersOf(Clinic.CLINICIAN, patient).get(0);
        assertEquals("cough", e.getReason());
        assertEquals(Instant.parse("2026-11-22T08:00:00Z"), e.getStart());
        Observation o = clinic.queries.observationsOf(Clinic.CLINICIAN, patient).get(0);
        assertEquals("38.4", o.getValue());
        assertEquals(encounter, o.getEncounterId());
        MedicationOrder mo = clinic.queries.ordersOf(Clinic.CLINICIAN, patient).get(0);
        assertEquals(OrderStatus.DISCONTINUED, mo.getStatus());
        assertEquals("rash", mo.getDiscontinueReason());
        assertEquals(Instant.parse("2026-11-22T08:06:00Z"), mo.getDiscontinuedAt());
        Note n = clinic.queries.notesOf(Clinic.CLINICIAN, patient).get(0);
        assertEquals(2, n.getCurrentRevision());
        List<NoteRevision> revisions = clinic.queries.revisionsOf(Clinic.CLINICIAN, noteId);
        assertEquals(List.of(1, 2), revisions.stream().map(NoteRevision::getRevision).toList());
        assertEquals("Likely bacterial.", revisions.get(0).getText());
        assertEquals("clinician-1", revisions.get(1).getAuthorId());
        assertEquals(35, clinic.queries.batchesOf(Clinic.PHARMACIST, med).get(0).getQuantityOnHand());
    }

    @Test
    void lowStockListsMedicinesAtOrBelowTheirReorderLevelCountingOnlyUsableStock() {
        String amox = clinic.registerAmoxicillin();
        String para = clinic.registerParacetamol();
        clinic.receive(amox, "LOT-A", "2026-11-30", 500);
        clinic.receive(para, "LOT-P", "2028-01-31", 500);
        assertTrue(clinic.queries.lowStock(Clinic.PHARMACIST, 10).isEmpty());
        clinic.clock.advance(Duration.ofDays(10));
        List<MedicineStock> low = clinic.queries.lowStock(Clinic.PHARMACIST, 10);
        assertEquals(1, low.size());
        assertEquals(amox, low.get(0).medicine().getId());
        assertEquals(500, low.get(0).onHand());
        assertEquals(0, low.get(0).usable());
    }

    @Test
    void expiringBatchesComeSoonestFirstAndOnlyWithStock() {
        String med = clinic.registerAmoxicillin();
        String b3 = clinic.receive(med, "LOT-3", "2027-03-01", 5);
        String b1 = clinic.receive(med, "LOT-1", "2027-01-01", 5);
        String b2 = clinic.receive(med, "LOT-2", "2027-02-01", 5);
        clinic.receive(med, "LOT-9", "2029-01-01", 5);
        clinic.commands.execute(Clinic.PHARMACIST, Dispense.fromBatch(med, b2, 5));
        assertEquals(List.of(b1, b3), clinic.queries.batchesExpiringBefore(Clinic.PHARMACIST, LocalDate.of(2027, 6, 1), 10).stream().map(StockBatch::getId).toList());
        assertEquals(List.of(b1), clinic.queries.batchesExpiringBefore(Clinic.PHARMACIST, LocalDate.of(2027, 6, 1), 1).stream().map(StockBatch::getId).toList());
    }

    @Test
    void localClockReadingsFollowOperationsReceivedFromOtherDevices() {
        clinic.registerAmoxicillin();
        // an operation of another device, as sync would append it, whose clock runs an hour ahead
        String remoteHlc = new org.salus.core.op.Hlc(clinic.clock.now().toEpochMilli() + 3_600_000, 4,
                org.salus.core.op.HybridLogicalClock.nodeOf("device-b")).toString();
        OpEnvelope remote = new OpEnvelope(new UuidV7().nextString(), "clinic-1", "device-b", "nurse-b",
                "Patient", "p-remote", "patient.register", 1, remoteHlc, clinic.clock.now(), 1,
                "{\"familyName\":\"Achieng\",\"givenName\":\"Rose\",\"id\":\"p-remote\",\"identifier\":\"MRN-B1\"}", OpHashes.GENESIS,
                null, 0, null).sealed();
        clinic.store.write(tx -> {
            tx.append(remote);
            new org.salus.core.internal.projection.Projector().apply(tx, remote);
            return null;
        });
        CommandResult after = clinic.commands.registerPatient(Clinic.CLINICIAN, "MRN-A1", "Amina", "Odhiambo", null, Sex.FEMALE);
        assertTrue(after.operations().get(0).hlc().compareTo(remoteHlc) > 0, after.operations().get(0).hlc() + " after " + remoteHlc);
        assertEquals("Rose", clinic.queries.findPatients(Clinic.CLINICIAN, "achieng", 5).get(0).getGivenName());
        assertTrue(clinic.audit.verifyChain(Clinic.AUDITOR).intact());
        assertEquals(2, clinic.audit.verifyChain(Clinic.AUDITOR).checkedDevices());
    }

    @Test
    void eachDeviceChainIsGapFreeAndLinked() {
        String med = clinic.registerAmoxicillin();
        clinic.receive(med, "LOT-1", "2027-01-31", 50);
        clinic.commands.dispense(Clinic.PHARMACIST, med, 3);
        List<OpEnvelope> ops = new java.util.ArrayList<>(clinic.audit.find(Clinic.AUDITOR, org.salus.core.op.OpQuery.all().pageSize(100)).operations());
        java.util.Collections.reverse(ops);
        ChainHead head = ChainHead.empty(ops.get(0).deviceId());
        for (OpEnvelope op : ops) {
            assertTrue(head.isContinuedBy(op), op.toString());
            assertTrue(OpHashes.hashMatches(op));
            head = ChainHead.after(op);
        }
        assertEquals(4, head.seq());
        assertEquals(ops.get(0).deviceId(), clinic.commands.currentDeviceId(), "the generated device id is kept in the store");
        assertNull(ops.get(0).receivedAt());
    }
}
