package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.access.AccessControlUnavailableException;
import org.salus.core.access.AccessLedger;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.access.Permissions;
import org.salus.core.command.Dispense;
import org.salus.core.command.InvalidInputException;
import org.salus.core.command.RegisterMedicine;
import org.salus.core.op.CanonicalJson;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpQuery;

/**
 * The core's access check against a real store, for commands and for reads: refusals are recorded as one audit
 * operation and change nothing else.
 */
class AccessCheckTest {

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
    void withoutAnAccessControlEveryCommandIsRefusedAndNothingIsWritten() throws Exception {
        String medicine = clinic.registerAmoxicillin();
        String before = clinic.digestAll();
        clinic.commands.unbindAccessControl(clinic.access);

        AccessControlUnavailableException e = assertThrows(AccessControlUnavailableException.class,
                () -> clinic.commands.dispense(Clinic.PHARMACIST, medicine, 1));
        assertTrue(e.getMessage().contains("org.salus.security"), e.getMessage());
        assertEquals(before, clinic.digestAll(), "nothing written");
    }

    @Test
    void aDeniedCommandRecordsOneAuditOperationAndChangesNoProjection() throws Exception {
        String medicine = clinic.registerAmoxicillin();
        clinic.receive(medicine, "LOT-1", "2030-01-31", 10);
        clinic.access.withdraw(Permissions.STOCK_DISPENSE);
        String projections = clinic.digestProjections();
        long ops = clinic.count("op_log");

        PermissionDeniedException e = assertThrows(PermissionDeniedException.class,
                () -> clinic.commands.dispense(Clinic.PHARMACIST, medicine, 1));

        assertEquals("pharmacist-1", e.userId());
        assertEquals(Permissions.STOCK_DISPENSE, e.permission());
        assertTrue(e.getMessage().contains("pharmacist-1") && e.getMessage().contains("stock.dispense"), e.getMessage());
        assertEquals(ops + 1, clinic.count("op_log"));
        assertEquals(projections, clinic.digestProjections(), "the denial changes no projection");
        OpEnvelope denial = clinic.audit.operation(Clinic.AUDITOR, e.auditOpId()).orElseThrow();
        assertEquals(AccessLedger.OP_ACCESS_DENIED, denial.opType());
        assertEquals("pharmacist-1", denial.userId());
        assertEquals("User", denial.entityType());
        Map<String, Object> details = CanonicalJson.parseObject(denial.payload());
        assertEquals("stock.dispense", details.get("permission"));
        assertEquals("Dispense", details.get("command"));
        assertEquals("DENIED", details.get("outcome"));
        assertTrue(clinic.audit.verifyChain(Clinic.AUDITOR).intact());
        assertEquals(1, clinic.audit.find(Clinic.AUDITOR, OpQuery.all().type(AccessLedger.OP_ACCESS_DENIED)).operations().size());
        assertEquals(projections, digestAfterRebuild(), "a rebuild skips the denial as well");
    }

    @Test
    void oneDeniedCommandRefusesTheWholeBatch() throws Exception {
        String medicine = clinic.registerAmoxicillin();
        clinic.receive(medicine, "LOT-1", "2030-01-31", 10);
        clinic.access.withdraw(Permissions.MEDICINE_REGISTER);
        String projections = clinic.digestProjections();

        PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> clinic.commands.executeAll(Clinic.PHARMACIST,
                List.of(Dispense.fefo(medicine, 1), new RegisterMedicine(Clinic.GTIN_PARACETAMOL, "Paracetamol", "tablet", "500", "mg", 0, false))));

        assertEquals(Permissions.MEDICINE_REGISTER, e.permission());
        assertEquals(projections, clinic.digestProjections(), "not even the allowed dispense was recorded");
    }

    @Test
    void withoutAnAccessControlEveryReadIsRefusedAndNothingIsWritten() throws Exception {
        String medicine = clinic.registerAmoxicillin();
        String patient = clinic.registerPatient("MRN-1", "Asha", "Otieno");
        String before = clinic.digestAll();
        clinic.commands.unbindAccessControl(clinic.access);

        AccessControlUnavailableException stock = assertThrows(AccessControlUnavailableException.class,
                () -> clinic.queries.batchesOf(Clinic.PHARMACIST, medicine));
        assertTrue(stock.getMessage().contains("org.salus.security"), stock.getMessage());
        assertThrows(AccessControlUnavailableException.class, () -> clinic.queries.patient(Clinic.CLINICIAN, patient));
        assertThrows(AccessControlUnavailableException.class, () -> clinic.audit.size(Clinic.AUDITOR));
        assertEquals(before, clinic.digestAll(), "nothing written");
    }

    @Test
    void aReadWithoutAnActorIsRefusedBeforeAnythingIsRead() throws Exception {
        String before = clinic.digestAll();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> clinic.audit.verifyChain(null));
        assertEquals("actor", e.field());
        assertThrows(InvalidInputException.class, () -> clinic.queries.medicines(null, null, 10));
        assertEquals(before, clinic.digestAll(), "nothing written");
    }

    @Test
    void aDeniedReadRecordsOneAuditOperationAndReturnsNothing() throws Exception {
        clinic.registerPatient("MRN-1", "Asha", "Otieno");
        clinic.access.withdraw(Permissions.AUDIT_READ);
        clinic.access.withdraw(Permissions.PATIENT_READ);
        String projections = clinic.digestProjections();
        long ops = clinic.count("op_log");

        PermissionDeniedException trail = assertThrows(PermissionDeniedException.class,
                () -> clinic.audit.find(Clinic.AUDITOR, OpQuery.all().type("patient.register")));
        PermissionDeniedException patients = assertThrows(PermissionDeniedException.class,
                () -> clinic.queries.findPatients(Clinic.CLINICIAN, "otieno", 10));

        assertEquals(Permissions.AUDIT_READ, trail.permission());
        assertEquals("auditor-1", trail.userId());
        assertEquals(Permissions.PATIENT_READ, patients.permission());
        assertEquals(ops + 2, clinic.count("op_log"), "one denial record for each refused read, nothing else");
        assertEquals(projections, clinic.digestProjections(), "the denials change no projection");
        clinic.access.withdrawn().clear();
        OpEnvelope denial = clinic.audit.operation(Clinic.AUDITOR, trail.auditOpId()).orElseThrow();
        assertEquals(AccessLedger.OP_ACCESS_DENIED, denial.opType());
        assertEquals("auditor-1", denial.userId());
        Map<String, Object> details = CanonicalJson.parseObject(denial.payload());
        assertEquals("audit.read", details.get("permission"));
        assertEquals("AuditLog.find", details.get("read"));
        assertEquals("patient.register", ((Map<?, ?>) details.get("asked")).get("opType"));
        assertEquals("DENIED", details.get("outcome"));
        Map<String, Object> search = CanonicalJson.parseObject(clinic.audit.operation(Clinic.AUDITOR, patients.auditOpId()).orElseThrow().payload());
        assertEquals("ClinicQueries.findPatients", search.get("read"));
        assertEquals("otieno", ((Map<?, ?>) search.get("asked")).get("text"));
        assertTrue(clinic.audit.verifyChain(Clinic.AUDITOR).intact());
        assertEquals(projections, digestAfterRebuild(), "a rebuild skips the denials as well");
    }

    @Test
    void everyCommandNamesItsPermission() {
        assertEquals(Permissions.STOCK_DISPENSE, Dispense.fefo("m", 1).permission());
        assertEquals(Permissions.STOCK_DISPENSE_ORDER, Dispense.fefo("m", 1).forOrder("o", "p").permission());
        assertTrue(Permissions.ALL.contains(new RegisterMedicine(null, null, null, null, null, 0, false).permission()));
    }

    private String digestAfterRebuild() throws Exception {
        clinic.rebuild();
        return clinic.digestProjections();
    }
}
