package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.internal.command.DeviceSettings;
import org.salus.core.internal.projection.Projector;
import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.core.store.ChainConflictException;

/**
 * Operations of other devices appended with {@code appendForeign} and applied by the projector, the way the device
 * sync engine ingests them: ledgers merge whatever the order, each operation counts once, negative stock is kept.
 */
class ForeignOpsTest {

    @TempDir
    Path dir;
    final List<Clinic> clinics = new ArrayList<>();

    @AfterEach
    void close() {
        clinics.forEach(Clinic::close);
    }

    Clinic clinic(String device) throws Exception {
        Clinic c = new Clinic(dir.resolve(device), H2StoreSettings.of(dir.resolve(device).resolve("clinic"))
                .withDurability(H2StoreSettings.Durability.WRITE), new DeviceSettings("clinic-1", device, 200, 3_600_000));
        clinics.add(c);
        return c;
    }

    static List<OpEnvelope> opsOf(Clinic c, String device) {
        return c.store.read(tx -> {
            List<OpEnvelope> ops = new ArrayList<>();
            tx.opLog().scanDevice(device, 1, ops::add);
            return ops;
        });
    }

    /** Appends and applies in one transaction, as a page; returns how many were new. */
    static int ingest(Clinic into, String localDevice, List<OpEnvelope> ops) {
        Projector projector = new Projector();
        return into.store.write(tx -> {
            int added = 0;
            for (OpEnvelope op : ops) {
                if (tx.appendForeign(op, localDevice)) {
                    projector.apply(tx, op);
                    added++;
                }
            }
            return added;
        });
    }

    static int quantity(Clinic c, String batchId) {
        return c.queries.batch(Clinic.PHARMACIST, batchId).orElseThrow().getQuantityOnHand();
    }

    @Test
    void aTransactionReadsTheHeadsItMovedAndTheCommitKeepsThem() throws Exception {
        Clinic a = clinic("ws-a");
        Clinic b = clinic("ws-b");
        String med = a.registerAmoxicillin();
        a.receive(med, "LOT-1", "2099-12-31", 100);
        List<OpEnvelope> ops = opsOf(a, "ws-a");
        OpEnvelope last = ops.get(ops.size() - 1);
        ChainHead inside = b.store.write(tx -> {
            for (OpEnvelope op : ops) {
                tx.appendForeign(op, "ws-b");
            }
            assertEquals(last.hlc(), tx.opLog().latestHlc().orElseThrow(), "the newest reading, from the moved head");
            return tx.opLog().chainHeads().stream().filter(h -> h.deviceId().equals("ws-a")).findFirst().orElseThrow();
        });
        assertEquals(ChainHead.after(last), inside, "a query of the heads within the transaction sees them moved");
        assertEquals(ChainHead.after(last), b.store.read(tx -> tx.chainHead("ws-a")), "the commit kept the head");

        // a later transaction continues from the kept head
        a.commands.dispense(Clinic.PHARMACIST, med, 1);
        List<OpEnvelope> more = opsOf(a, "ws-a").subList(ops.size(), opsOf(a, "ws-a").size());
        assertEquals(more.size(), ingest(b, "ws-b", more));
        assertEquals(ChainHead.after(more.get(more.size() - 1)), b.store.read(tx -> tx.chainHead("ws-a")));
    }

    @Test
    void concurrentDispensesMergeAsDeltasInAnyOrderAndNegativeStockIsKept() throws Exception {
        Clinic a = clinic("ws-a");
        Clinic b = clinic("ws-b");
        String med = a.registerAmoxicillin();
        String batch = a.receive(med, "LOT-1", "2099-12-31", 100);
        assertEquals(opsOf(a, "ws-a").size(), ingest(b, "ws-b", opsOf(a, "ws-a")));
        assertEquals(100, quantity(b, batch));

        // apart, each dispenses what it sees: 30 + 30 on A, 60 on B
        int aBefore = opsOf(a, "ws-a").size();
        a.commands.dispense(Clinic.PHARMACIST, med, 30);
        a.commands.dispense(Clinic.PHARMACIST, med, 30);
        b.commands.dispense(Clinic.PHARMACIST, med, 60);
        List<OpEnvelope> newOnA = opsOf(a, "ws-a").subList(aBefore, opsOf(a, "ws-a").size());
        ingest(a, "ws-a", opsOf(b, "ws-b"));
        ingest(b, "ws-b", newOnA);

        assertEquals(-20, quantity(a, batch), "both dispenses count: the shortfall shows");
        assertEquals(-20, quantity(b, batch));
        assertEquals(a.digestProjections(), b.digestProjections(), "the same projections on both");

        // a third device that receives everything in another order (B's dispense before A's batch) ends the same
        Clinic c = clinic("ws-c");
        List<OpEnvelope> reversed = new ArrayList<>(opsOf(b, "ws-b"));
        reversed.addAll(opsOf(a, "ws-a"));
        ingest(c, "ws-c", reversed);
        assertEquals(-20, quantity(c, batch));
        assertEquals(a.digestProjections(), c.digestProjections());
        // and a rebuild from its op log gives the same again
        c.rebuild();
        assertEquals(a.digestProjections(), c.digestProjections());
        assertTrue(c.store.read(tx -> tx.opLog().verifyChains(Long.MAX_VALUE)).intact());
    }

    @Test
    void anOperationHeldAlreadyIsSkippedAndCountsOnce() throws Exception {
        Clinic a = clinic("ws-a");
        Clinic b = clinic("ws-b");
        String med = a.registerAmoxicillin();
        String batch = a.receive(med, "LOT-1", "2099-12-31", 40);
        List<OpEnvelope> ops = opsOf(a, "ws-a");
        ingest(b, "ws-b", ops);
        long count = b.count("op_log");
        assertEquals(0, ingest(b, "ws-b", ops), "a page delivered twice adds nothing");
        assertEquals(count, b.count("op_log"));
        assertEquals(40, quantity(b, batch));
        // the device's own operations coming back from the hub are skipped too
        assertEquals(0, ingest(a, "ws-a", ops));
    }

    @Test
    void anOperationThatDoesNotFitItsChainIsRefusedAndTheHeadsStay() throws Exception {
        Clinic a = clinic("ws-a");
        Clinic b = clinic("ws-b");
        String med = a.registerAmoxicillin();
        a.receive(med, "LOT-1", "2099-12-31", 40);
        List<OpEnvelope> ops = opsOf(a, "ws-a");
        ChainHead ownHead = b.store.read(tx -> tx.chainHead("ws-b"));

        // a gap: the first operation is missing
        ChainConflictException gap = assertThrows(ChainConflictException.class, () -> ingest(b, "ws-b", ops.subList(1, ops.size())));
        assertTrue(gap.getMessage().contains("does not continue the device's chain"), gap.getMessage());
        // altered content
        OpEnvelope first = ops.get(0);
        OpEnvelope altered = new OpEnvelope(first.opId(), first.clinicId(), first.deviceId(), first.userId(), first.entityType(),
                first.entityId(), first.opType(), first.deviceSeq(), first.hlc(), first.deviceTime(), first.schemaVersion(),
                first.payload().replace("Amoxicillin", "Amoxycillin"), first.prevHash(), first.hash(), 0, null);
        ChainConflictException bad = assertThrows(ChainConflictException.class, () -> ingest(b, "ws-b", List.of(altered)));
        assertTrue(bad.getMessage().contains("does not match its hash"), bad.getMessage());
        // an operation that names this device but was never written here would fork its chain
        ChainConflictException own = assertThrows(ChainConflictException.class, () -> ingest(b, "ws-a", ops));
        assertTrue(own.getMessage().contains("names this device"), own.getMessage());
        // a page is all or nothing: a good operation before a bad one is not kept either
        List<OpEnvelope> page = new ArrayList<>(List.of(ops.get(0)));
        page.add(ops.get(ops.size() - 1));
        assertThrows(ChainConflictException.class, () -> ingest(b, "ws-b", page));

        assertEquals(0, b.store.read(tx -> tx.opLog().chainHeads()).stream().filter(h -> h.deviceId().equals("ws-a")).count());
        assertEquals(ownHead, b.store.read(tx -> tx.chainHead("ws-b")), "foreign operations never move this device's head");
        assertFalse(b.store.read(tx -> tx.opLog().find(first.opId())).isPresent());
        assertEquals(0, b.queries.medicines(Clinic.PHARMACIST, "amox", 5).size());
    }
}
