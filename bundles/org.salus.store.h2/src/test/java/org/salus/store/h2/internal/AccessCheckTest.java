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
import org.salus.core.command.RegisterMedicine;
import org.salus.core.op.CanonicalJson;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpQuery;

/** The core's access check against a real store: refusals are recorded as one audit operation and change nothing else. */
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
        OpEnvelope denial = clinic.audit.operation(e.auditOpId()).orElseThrow();
        assertEquals(AccessLedger.OP_ACCESS_DENIED, denial.opType());
        assertEquals("pharmacist-1", denial.userId());
        assertEquals("User", denial.entityType());
        Map<String, Object> details = CanonicalJson.parseObject(denial.payload());
        assertEquals("stock.dispense", details.get("permission"));
        assertEquals("Dispense", details.get("command"));
        assertEquals("DENIED", details.get("outcome"));
        assertTrue(clinic.audit.verifyChain().intact());
        assertEquals(1, clinic.audit.find(OpQuery.all().type(AccessLedger.OP_ACCESS_DENIED)).operations().size());
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
