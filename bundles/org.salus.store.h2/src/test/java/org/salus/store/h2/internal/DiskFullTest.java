package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.command.CommandException;
import org.salus.core.command.CommandResult;
import org.salus.core.command.StoreFailureException;
import org.salus.core.command.StoreUnavailableException;
import org.salus.core.internal.command.DeviceSettings;
import org.salus.core.op.OpEnvelope;

/**
 * A full disk (an H2 file system that refuses writes past a byte budget with "No space left on device") gives a
 * clear error, and nothing committed is lost: after reopening with room, every operation that was reported saved is
 * there and the chain verifies.
 */
class DiskFullTest {

    @TempDir
    Path dir;
    Clinic clinic;

    @AfterEach
    void restoreRoom() {
        FilePathBudget.BUDGET.set(Long.MAX_VALUE);
        if (clinic != null) {
            clinic.close();
        }
    }

    @Test
    void aFullDiskRefusesTheWriteClearlyAndLosesNothingCommitted() throws Exception {
        FilePathBudget.register();
        H2StoreSettings settings = H2StoreSettings.of(dir.resolve("clinic")).withFileSystem("budget");
        clinic = new Clinic(dir, settings, DeviceSettings.of("clinic-1"));
        String med = clinic.registerAmoxicillin();
        String batch = clinic.receive(med, "LOT-1", "2027-01-31", 100_000);
        List<OpEnvelope> saved = new ArrayList<>();
        saved.addAll(clinic.audit.find(Clinic.AUDITOR, org.salus.core.op.OpQuery.all()).operations());

        FilePathBudget.BUDGET.set(256 * 1024);
        CommandException failure = null;
        int dispensed = 0;
        for (int i = 0; i < 100_000 && failure == null; i++) {
            try {
                CommandResult r = clinic.commands.dispense(Clinic.PHARMACIST, med, 1);
                saved.addAll(r.operations());
                dispensed++;
            } catch (CommandException e) {
                failure = e;
            }
        }
        assertInstanceOf(StoreFailureException.class, failure, String.valueOf(failure));
        assertTrue(failure.getMessage().contains("is full (No space left on device)"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Nothing of this change was saved"), failure.getMessage());
        assertTrue(dispensed > 0, "some dispenses fitted before the disk filled");

        // the failed store closed itself; commands now say the store is unavailable and why
        StoreUnavailableException later = assertThrows(StoreUnavailableException.class, () -> clinic.commands.dispense(Clinic.PHARMACIST, med, 1));
        assertTrue(later.getMessage().contains("No space left on device"), later.getMessage());
        assertTrue(clinic.store.isClosed());

        FilePathBudget.BUDGET.set(Long.MAX_VALUE);
        clinic.reopen();
        for (OpEnvelope op : saved) {
            assertEquals(op, clinic.audit.operation(Clinic.AUDITOR, op.opId()).orElseThrow(() -> new AssertionError("lost " + op)));
        }
        assertEquals(saved.size(), clinic.audit.size(Clinic.AUDITOR), "nothing half-written either");
        assertTrue(clinic.audit.verifyChain(Clinic.AUDITOR).intact());
        assertEquals(100_000 - dispensed, clinic.queries.batch(Clinic.PHARMACIST, batch).orElseThrow().getQuantityOnHand());
        String live = clinic.digestProjections();
        clinic.rebuild();
        assertEquals(live, clinic.digestProjections());
        // and work goes on
        clinic.commands.dispense(Clinic.PHARMACIST, med, 1);
        assertTrue(clinic.audit.verifyChain(Clinic.AUDITOR).intact());
    }
}
