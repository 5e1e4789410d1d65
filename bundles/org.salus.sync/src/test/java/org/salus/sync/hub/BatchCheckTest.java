package org.salus.sync.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.sync.hub.BatchCheck.HeldOp;
import org.salus.sync.hub.BatchCheck.Plan;
import org.salus.sync.wire.Chains;
import org.salus.sync.wire.Reject;
import org.salus.sync.wire.RejectReason;

class BatchCheckTest {

    private final Map<String, HeldOp> held = new HashMap<>();
    private final List<OpEnvelope> chain = new Chains("A", "dev-a1").next(6);

    private Plan plan(ChainHead head, List<OpEnvelope> ops) {
        return BatchCheck.plan("A", "dev-a1", head, head.seq() == 0 ? null : "A", ops, id -> Optional.ofNullable(held.get(id)));
    }

    private void hold(List<OpEnvelope> ops) {
        ops.forEach(o -> held.put(o.opId(), new HeldOp(o.opId(), o.deviceId(), o.deviceSeq(), o.hash())));
    }

    private static List<RejectReason> reasons(Plan p) {
        return p.rejects().stream().map(Reject::reason).toList();
    }

    @Test
    void aContinuingBatchIsAcceptedWhole() {
        Plan p = plan(ChainHead.empty("dev-a1"), chain.subList(0, 3));
        assertEquals(chain.subList(0, 3), p.toAppend());
        assertEquals(3, p.head().seq());
        assertEquals(chain.get(2).hash(), p.head().hash());
        assertTrue(p.rejects().isEmpty());
    }

    @Test
    void aRedeliveredBatchIsAllDuplicatesAndItsTailIsAppended() {
        hold(chain.subList(0, 3));
        Plan p = plan(ChainHead.after(chain.get(2)), chain.subList(0, 5));
        assertEquals(3, p.duplicates());
        assertEquals(chain.subList(3, 5), p.toAppend());
        assertEquals(5, p.head().seq());
    }

    @Test
    void aForgedHashStopsTheChainThereAndTheRestIsAGap() {
        OpEnvelope forged = chain.get(1).withHash("f".repeat(64));
        Plan p = plan(ChainHead.empty("dev-a1"), List.of(chain.get(0), forged, chain.get(2)));
        assertEquals(List.of(chain.get(0)), p.toAppend());
        assertEquals(List.of(RejectReason.BAD_HASH, RejectReason.SEQ_GAP), reasons(p));
        assertEquals(1, p.head().seq());
        assertEquals("the hub holds device dev-a1 up to deviceSeq 1; deviceSeq 2 is missing before this one", p.rejects().get(1).detail());
    }

    @Test
    void gapsBreaksForksAndStrangersAreRefusedWithTheirReasons() {
        assertEquals(List.of(RejectReason.SEQ_GAP), reasons(plan(ChainHead.empty("dev-a1"), List.of(chain.get(2)))));
        // a chain of the same device that started elsewhere: seq 1 fits, its prevHash does not
        OpEnvelope other = new Chains("A", "dev-a1").next();
        hold(chain.subList(0, 1));
        assertEquals(List.of(RejectReason.CHAIN_BREAK), reasons(plan(ChainHead.after(chain.get(0)), List.of(other))), "a fork at seq 1");
        List<OpEnvelope> otherTwo = new Chains("A", "dev-a1").next(2);
        assertEquals(List.of(RejectReason.CHAIN_BREAK), reasons(plan(ChainHead.after(chain.get(0)), List.of(otherTwo.get(1)))),
                "seq 2 that links to another seq 1");
        assertEquals(List.of(RejectReason.WRONG_CLINIC), reasons(plan(ChainHead.empty("dev-a1"), new Chains("B", "dev-a1").next(1))));
        assertEquals(List.of(RejectReason.WRONG_DEVICE), reasons(plan(ChainHead.empty("dev-a1"), new Chains("A", "dev-a2").next(1))));
        Plan moved = BatchCheck.plan("B", "dev-a1", ChainHead.after(chain.get(0)), "A", new Chains("B", "dev-a1").next(1), id -> Optional.empty());
        assertEquals(List.of(RejectReason.WRONG_CLINIC), reasons(moved), "a device keeps its clinic");
    }

    @Test
    void workRecordedBeforeEnrolmentIsTakenUntilTheDevicesFirstOperationOfTheClinic() {
        List<OpEnvelope> early = new Chains(BatchCheck.UNASSIGNED, "dev-a1").next(2);
        Plan p = plan(ChainHead.empty("dev-a1"), early);
        assertEquals(early, p.toAppend());
        assertTrue(p.rejects().isEmpty());

        // held: the device's head names unassigned, as the log says; without that answer (the default) it is refused
        hold(early);
        OpEnvelope next = continuing(early.get(1), BatchCheck.UNASSIGNED);
        Plan known = BatchCheck.plan("A", "dev-a1", ChainHead.after(early.get(1)), "A", List.of(next), new BatchCheck.Held() {
            @Override
            public Optional<HeldOp> byOpId(String opId) {
                return Optional.ofNullable(held.get(opId));
            }

            @Override
            public Optional<String> clinicAt(long deviceSeq) {
                return Optional.of(BatchCheck.UNASSIGNED);
            }
        });
        assertEquals(List.of(next), known.toAppend());
        Plan unknown = plan(ChainHead.after(early.get(1)), List.of(next));
        assertEquals(List.of(RejectReason.WRONG_CLINIC), reasons(unknown));

        // after an operation of the clinic, in the same batch, unassigned is refused and the rest waits
        held.clear();
        OpEnvelope real = continuing(early.get(1), "A");
        OpEnvelope late = continuing(real, BatchCheck.UNASSIGNED);
        Plan mixed = plan(ChainHead.empty("dev-a1"), List.of(early.get(0), early.get(1), real, late));
        assertEquals(List.of(early.get(0), early.get(1), real), mixed.toAppend());
        assertEquals(List.of(RejectReason.WRONG_CLINIC), reasons(mixed));
        assertEquals(4, mixed.rejects().get(0).deviceSeq());
    }

    @Test
    void anotherDevicesUnassignedWorkIsRefused() {
        List<OpEnvelope> foreign = new Chains(BatchCheck.UNASSIGNED, "dev-b1").next(2);
        assertEquals(List.of(RejectReason.WRONG_DEVICE, RejectReason.WRONG_DEVICE), reasons(plan(ChainHead.empty("dev-a1"), foreign)));
    }

    /** The operation that follows {@code prev} in its device's chain, naming {@code clinic}. */
    private static OpEnvelope continuing(OpEnvelope prev, String clinic) {
        return new OpEnvelope(new org.salus.core.op.UuidV7().nextString(), clinic, prev.deviceId(), prev.userId(), prev.entityType(), prev.entityId(),
                prev.opType(), prev.deviceSeq() + 1, prev.hlc(), prev.deviceTime(), prev.schemaVersion(), prev.payload(), prev.hash(), null, 0,
                null).sealed();
    }
}
