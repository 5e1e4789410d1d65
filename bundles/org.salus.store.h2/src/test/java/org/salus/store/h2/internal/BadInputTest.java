package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.command.Actor;
import org.salus.core.command.Adjust;
import org.salus.core.command.CommandException;
import org.salus.core.command.Dispense;
import org.salus.core.command.InvalidInputException;
import org.salus.core.command.NotFoundException;
import org.salus.core.command.ReceiveStock;
import org.salus.core.command.RecordObservation;
import org.salus.core.command.RegisterMedicine;
import org.salus.core.command.RegisterPatient;
import org.salus.core.command.StockRefusedException;
import org.salus.core.command.Transfer;
import org.salus.core.command.UpdateDemographics;
import org.salus.core.command.WriteNote;
import org.salus.core.command.WriteOffExpired;
import org.salus.model.clinical.Sex;

/** Bad input is refused with a typed error that names the problem, and nothing is written: op log and projections stay byte-identical. */
class BadInputTest {

    static final String SQL = "'; DROP TABLE op_log; --";
    static final String TEN_MB = "x".repeat(10 * 1024 * 1024);

    @TempDir
    Path dir;
    Clinic clinic;
    String amox;
    String para;
    String lot1;
    String oldLot;
    String patient;
    String otherPatient;
    String otherEncounter;
    String paraOrder;
    String stoppedOrder;

    @BeforeEach
    void setUp() throws Exception {
        clinic = new Clinic(dir);
        amox = clinic.registerAmoxicillin();
        para = clinic.registerParacetamol();
        lot1 = clinic.receive(amox, "LOT-1", "2027-01-31", 10);
        oldLot = clinic.receive(para, "LOT-OLD", "2026-11-25", 5);
        patient = clinic.registerPatient("MRN-1", "Amina", "Odhiambo");
        otherPatient = clinic.registerPatient("MRN-2", "Baraka", "Otieno");
        otherEncounter = clinic.commands.openEncounter(Clinic.CLINICIAN, otherPatient, "outpatient", null).createdId("Encounter");
        paraOrder = clinic.commands.orderMedication(Clinic.CLINICIAN, patient, null, para, "1 g", "oral", "once").createdId("MedicationOrder");
        stoppedOrder = clinic.commands.orderMedication(Clinic.CLINICIAN, patient, null, amox, "500 mg", "oral", "once").createdId("MedicationOrder");
        clinic.commands.discontinueMedication(Clinic.CLINICIAN, stoppedOrder, "allergy");
        // a week later LOT-OLD of paracetamol has expired
        clinic.clock.advance(Duration.ofDays(7));
    }

    @AfterEach
    void close() {
        clinic.close();
    }

    record Case(String name, Executable action, Class<? extends CommandException> type, Consumer<CommandException> check) {
    }

    static Consumer<CommandException> field(String field, String text) {
        return e -> {
            assertEquals(field, ((InvalidInputException) e).field(), e.getMessage());
            assertTrue(e.getMessage().contains(text), e.getMessage());
        };
    }

    static Consumer<CommandException> notFound(String type, String id) {
        return e -> {
            assertEquals(type, ((NotFoundException) e).entityType());
            assertEquals(id, ((NotFoundException) e).id());
        };
    }

    List<Case> cases() {
        var cmd = clinic.commands;
        var a = Clinic.PHARMACIST;
        return List.of(
                new Case("negative quantity", () -> cmd.dispense(a, amox, -5), InvalidInputException.class, field("quantity", "(it was -5)")),
                new Case("zero quantity", () -> cmd.dispense(a, amox, 0), InvalidInputException.class, field("quantity", "from 1 to 1,000,000")),
                new Case("huge quantity", () -> cmd.receiveStock(a, amox, "LOT-2", LocalDate.of(2027, 5, 1), "main-store", 2_000_000),
                        InvalidInputException.class, field("quantity", "(it was 2,000,000)")),
                new Case("unknown medicine", () -> cmd.dispense(a, "no-such-medicine", 1), NotFoundException.class, notFound("Medicine", "no-such-medicine")),
                new Case("unknown batch", () -> cmd.adjust(a, "no-such-batch", 1, "count"), NotFoundException.class, notFound("StockBatch", "no-such-batch")),
                new Case("unknown patient", () -> cmd.openEncounter(Clinic.CLINICIAN, "nobody", "outpatient", null), NotFoundException.class, notFound("Patient", "nobody")),
                new Case("unknown order", () -> cmd.discontinueMedication(Clinic.CLINICIAN, "no-order", "x"), NotFoundException.class, notFound("MedicationOrder", "no-order")),
                new Case("unknown note", () -> cmd.reviseNote(Clinic.CLINICIAN, "no-note", "x"), NotFoundException.class, notFound("Note", "no-note")),
                new Case("SQL in an id", () -> cmd.dispense(a, SQL, 1), NotFoundException.class, notFound("Medicine", SQL)),
                new Case("SQL in a GTIN", () -> cmd.registerMedicine(a, SQL, "x", "tablet", "1", "mg", 0, false), InvalidInputException.class, field("gtin", "8, 12, 13 or 14 digits")),
                new Case("bad GTIN check digit", () -> cmd.registerMedicine(a, "4006381333932", "x", "tablet", "1", "mg", 0, false),
                        InvalidInputException.class, field("gtin", "has check digit 2 but its other digits need 1")),
                new Case("GTIN already registered", () -> cmd.registerMedicine(a, "4006381333931", "x", "tablet", "1", "mg", 0, false),
                        InvalidInputException.class, field("gtin", "already registered as Amoxicillin 500 mg")),
                new Case("negative reorder level", () -> cmd.execute(a, new RegisterMedicine("96385074", "x", "tablet", "1", "mg", -1, false)),
                        InvalidInputException.class, field("reorderLevel", "from 0")),
                new Case("expiry in the past on receive", () -> cmd.receiveStock(a, amox, "LOT-3", LocalDate.of(2026, 11, 1), "main-store", 5),
                        InvalidInputException.class, field("expiry", "expired on 2026-11-01")),
                new Case("no expiry on receive", () -> cmd.execute(a, new ReceiveStock(amox, "LOT-3", null, "main-store", 5)),
                        InvalidInputException.class, field("expiry", "is required")),
                new Case("lot received with another expiry", () -> cmd.receiveStock(a, amox, "LOT-1", LocalDate.of(2028, 1, 1), "main-store", 5),
                        InvalidInputException.class, field("expiry", "is recorded with expiry 2027-01-31")),
                new Case("10 MB note", () -> cmd.writeNote(Clinic.CLINICIAN, patient, null, "t", TEN_MB), InvalidInputException.class,
                        field("text", "at most 100,000 characters (this one has 10,485,760)")),
                new Case("10 MB name", () -> cmd.execute(Clinic.CLINICIAN, new RegisterPatient("MRN-9", TEN_MB, "x", null, Sex.FEMALE, null, null)),
                        InvalidInputException.class, field("givenName", "at most 200 characters")),
                new Case("10 MB reason", () -> cmd.adjust(a, lot1, -1, TEN_MB), InvalidInputException.class, field("reason", "at most 500")),
                new Case("adjust without reason", () -> cmd.execute(a, new Adjust(lot1, -1, " ")), InvalidInputException.class, field("reason", "is required")),
                new Case("adjust below zero", () -> cmd.adjust(a, lot1, -11, "count"), StockRefusedException.class,
                        e -> assertEquals("Batch LOT-1 of Amoxicillin 500 mg has 10 left; an adjustment of -11 would make it negative", e.getMessage())),
                new Case("dispense more than in stock", () -> cmd.dispense(a, amox, 11), StockRefusedException.class,
                        e -> assertEquals("Batch LOT-1 of Amoxicillin 500 mg has 10 left; 11 were asked", e.getMessage())),
                new Case("dispense only expired stock", () -> cmd.dispense(a, para, 1), StockRefusedException.class,
                        e -> assertEquals(StockRefusedException.Reason.EXPIRED, ((StockRefusedException) e).reason())),
                new Case("dispense an expired batch by name", () -> cmd.execute(a, Dispense.fromBatch(para, oldLot, 1)), StockRefusedException.class,
                        e -> assertEquals("Batch LOT-OLD of Paracetamol 500 mg expired on 2026-11-25 and cannot be dispensed", e.getMessage())),
                new Case("dispense a batch of another medicine", () -> cmd.execute(a, Dispense.fromBatch(amox, oldLot, 1)), InvalidInputException.class,
                        field("batchId", "holds another medicine")),
                new Case("dispense against a discontinued order", () -> cmd.dispenseForOrder(a, stoppedOrder, patient, amox, 1),
                        InvalidInputException.class, field("orderId", "was discontinued")),
                new Case("dispense against an order for another medicine", () -> cmd.dispenseForOrder(a, paraOrder, patient, amox, 1),
                        InvalidInputException.class, field("medicineId", "is for another medicine")),
                new Case("dispense for the wrong patient", () -> cmd.dispenseForOrder(a, paraOrder, otherPatient, para, 1),
                        InvalidInputException.class, field("patientId", "belongs to another patient")),
                new Case("write off a batch that has not expired", () -> cmd.execute(a, new WriteOffExpired(lot1, null)), InvalidInputException.class,
                        field("batchId", "expires on 2027-01-31")),
                new Case("transfer to where it already is", () -> cmd.execute(a, new Transfer(lot1, 1, "main-store")), InvalidInputException.class,
                        field("toLocation", "already at main-store")),
                new Case("transfer more than the batch holds", () -> cmd.transfer(a, lot1, 11, "ward-1"), StockRefusedException.class,
                        e -> assertEquals(10, ((StockRefusedException) e).available())),
                new Case("record number already used", () -> clinic.registerPatient("mrn-1", "X", "Y"), InvalidInputException.class,
                        field("identifier", "already used by Amina Odhiambo")),
                new Case("birth date in the future", () -> cmd.registerPatient(Clinic.CLINICIAN, "MRN-8", "A", "B", LocalDate.of(2030, 1, 1), Sex.FEMALE),
                        InvalidInputException.class, field("birthDate", "is in the future")),
                new Case("unknown demographic field", () -> cmd.updateDemographics(Clinic.CLINICIAN, UpdateDemographics.of(patient).with("bloodGroup", "0+")),
                        InvalidInputException.class, field("changes", "'bloodGroup' is not a demographic field")),
                new Case("demographic field of the wrong type", () -> cmd.updateDemographics(Clinic.CLINICIAN, UpdateDemographics.of(patient).with("birthDate", "1980-01-01")),
                        InvalidInputException.class, field("birthDate", "must be a date")),
                new Case("observation in another patient's encounter",
                        () -> cmd.execute(Clinic.CLINICIAN, new RecordObservation(patient, otherEncounter, "weight", "70", "kg", null)),
                        InvalidInputException.class, field("encounterId", "belongs to another patient")),
                new Case("note with a control character in its title", () -> cmd.execute(Clinic.CLINICIAN, new WriteNote(patient, null, "a\u0000b", "t")),
                        InvalidInputException.class, field("title", "control character")),
                new Case("discontinue twice", () -> cmd.discontinueMedication(Clinic.CLINICIAN, stoppedOrder, "again"), InvalidInputException.class,
                        field("orderId", "was already discontinued")),
                new Case("empty batch", () -> cmd.executeAll(a, List.of()), InvalidInputException.class, field("batch", "at least one command")),
                new Case("a batch with one bad command", () -> cmd.executeAll(a, List.of(
                        new RegisterMedicine("96385074", "Ibuprofen", "tablet", "200", "mg", 10, false),
                        new ReceiveStock(amox, "LOT-5", LocalDate.of(2027, 6, 1), "main-store", 10),
                        Dispense.fefo(amox, 3),
                        new Adjust(lot1, -100, "count"))), StockRefusedException.class,
                        e -> assertTrue(e.getMessage().contains("would make it negative"), e.getMessage())));
    }

    @TestFactory
    Stream<DynamicTest> eachBadInputIsRefusedAndWritesNothing() {
        return cases().stream().map(c -> dynamicTest(c.name(), () -> {
            String before = clinic.digestAll();
            long ops = clinic.count("op_log");
            CommandException e = assertThrows(CommandException.class, c.action());
            assertInstanceOf(c.type(), e, e.toString());
            c.check().accept(e);
            assertEquals(ops, clinic.count("op_log"));
            assertEquals(before, clinic.digestAll(), "op log and projections unchanged");
        }));
    }

    @Test
    void aBlankSessionIsRefusedBeforeAnythingHappens() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Actor(" "));
        assertEquals("session", e.field());
    }

    @Test
    void sqlMetacharactersAreStoredAsPlainData() throws Exception {
        String before = clinic.digestAll();
        String id = clinic.commands.registerMedicine(Clinic.PHARMACIST, "96385074", SQL, "tablet", "1", "mg", 0, false).createdId("Medicine");
        clinic.commands.adjust(Clinic.PHARMACIST, lot1, -1, SQL);
        assertEquals(SQL, clinic.queries.medicine(Clinic.PHARMACIST, id).orElseThrow().getInnName());
        assertEquals(id, clinic.queries.medicines(Clinic.PHARMACIST, "drop table", 10).get(0).medicine().getId());
        assertEquals(SQL, clinic.queries.movementsOf(Clinic.PHARMACIST, lot1).get(1).getReason());
        assertTrue(clinic.count("op_log") > 0);
        assertTrue(!before.equals(clinic.digestAll()));
        assertTrue(clinic.audit.verifyChain(Clinic.AUDITOR).intact());
    }
}
