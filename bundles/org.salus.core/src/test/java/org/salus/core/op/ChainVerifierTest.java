package org.salus.core.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    /** A sealed chain of n operations of device-a. */
    static List<OpEnvelope> chain(int n) {
        List<OpEnvelope> ops = new ArrayList<>();
        String prev = OpHashes.GENESIS;
        for (int i = 1; i <= n; i++) {
            OpEnvelope op = new OpEnvelope("op-" + i, "clinic-1", "device-a", "u", "Medicine", "m-" + i, "medicine.register", i,
                    String.format("%015d-00000-9f86d081884c7d65", 1000L + i), Instant.ofEpochMilli(1000L + i), 1,
                    "{\"n\":" + i + "}", prev, null, 0, null).sealed();
            ops.add(op);
            prev = op.hash();
        }
        return ops;
    }

    static Optional<ChainProblem> verify(List<OpEnvelope> ops, ChainHead head) {
        ChainVerifier v = new ChainVerifier("device-a");
        for (OpEnvelope op : ops) {
            if (!v.accept(op)) {
                break;
            }
        }
        return v.finish(head);
    }

    @Test
    void anIntactChainPasses() {
        List<OpEnvelope> ops = chain(6);
        assertTrue(verify(ops, ChainHead.after(ops.get(5))).isEmpty());
        assertTrue(verify(List.of(), ChainHead.empty("device-a")).isEmpty());
    }

    @Test
    void anAlteredPayloadIsNamed() {
        List<OpEnvelope> ops = chain(6);
        ops.set(3, OpHashesTest.copy(ops.get(3), "payload", "{\"n\":400}"));
        ChainProblem p = verify(ops, ChainHead.after(ops.get(5))).orElseThrow();
        assertEquals(ChainProblem.Reason.ALTERED, p.reason());
        assertEquals("op-4", p.opId());
        assertEquals(4, p.deviceSeq());
    }

    @Test
    void aDeletedOperationIsNamedAtTheGap() {
        List<OpEnvelope> ops = chain(6);
        ops.remove(2);
        ChainProblem p = verify(ops, ChainHead.after(ops.get(4))).orElseThrow();
        assertEquals(ChainProblem.Reason.MISSING, p.reason());
        assertEquals("op-4", p.opId());
        assertTrue(p.explanation().contains("operations 3 are missing"), p.explanation());
    }

    @Test
    void aRemovedTailIsSeenAgainstTheHead() {
        List<OpEnvelope> ops = chain(6);
        ChainHead head = ChainHead.after(ops.get(5));
        ChainProblem p = verify(ops.subList(0, 5), head).orElseThrow();
        assertEquals(ChainProblem.Reason.HEAD_MISMATCH, p.reason());
        assertEquals(6, p.deviceSeq());
    }

    @Test
    void swappedOperationsAreNamed() {
        List<OpEnvelope> ops = chain(6);
        OpEnvelope third = ops.get(2);
        OpEnvelope fourth = ops.get(3);
        // swapped places: each keeps its content and hash, but takes the other's deviceSeq
        ops.set(2, withSeq(fourth, 3));
        ops.set(3, withSeq(third, 4));
        ChainProblem p = verify(ops, ChainHead.after(ops.get(5))).orElseThrow();
        assertEquals(ChainProblem.Reason.ALTERED, p.reason());
        assertEquals("op-4", p.opId());
        assertEquals(3, p.deviceSeq());
    }

    @Test
    void aResealedInsertionBreaksTheLinkOfItsSuccessor() {
        List<OpEnvelope> ops = chain(4);
        OpEnvelope forged = new OpEnvelope("forged", "clinic-1", "device-a", "intruder", "Medicine", "m-x", "medicine.register", 3,
                "000000000001003-00001-9f86d081884c7d65", Instant.ofEpochMilli(1003), 1, "{}", ops.get(1).hash(), null, 0, null).sealed();
        List<OpEnvelope> tampered = new ArrayList<>(ops.subList(0, 2));
        tampered.add(forged);
        tampered.add(withSeq(ops.get(2), 4));
        tampered.add(withSeq(ops.get(3), 5));
        ChainProblem p = verify(tampered, new ChainHead("device-a", 5, ops.get(3).hash(), null)).orElseThrow();
        assertEquals("op-3", p.opId(), "the first operation that no longer fits is the one pushed aside");
        assertEquals(4, p.deviceSeq());
    }

    @Test
    void aTailCheckStartsFromTheStoredHashBeforeIt() {
        List<OpEnvelope> ops = chain(10);
        ChainVerifier v = new ChainVerifier("device-a", 8, ops.get(6).hash());
        ops.subList(7, 10).forEach(v::accept);
        assertTrue(v.finish(ChainHead.after(ops.get(9))).isEmpty());
        assertEquals(3, v.checked());
        ChainVerifier wrong = new ChainVerifier("device-a", 8, ops.get(5).hash());
        ops.subList(7, 10).forEach(wrong::accept);
        assertEquals(ChainProblem.Reason.BROKEN_LINK, wrong.finish(null).orElseThrow().reason());
    }

    @Test
    void aChainHeadKnowsWhatContinuesIt() {
        List<OpEnvelope> ops = chain(3);
        assertTrue(ChainHead.empty("device-a").isContinuedBy(ops.get(0)));
        assertTrue(ChainHead.after(ops.get(1)).isContinuedBy(ops.get(2)));
        assertFalse(ChainHead.after(ops.get(0)).isContinuedBy(ops.get(2)));
    }

    static OpEnvelope withSeq(OpEnvelope o, long seq) {
        return new OpEnvelope(o.opId(), o.clinicId(), o.deviceId(), o.userId(), o.entityType(), o.entityId(), o.opType(), seq, o.hlc(),
                o.deviceTime(), o.schemaVersion(), o.payload(), o.prevHash(), o.hash(), o.serverSeq(), o.receivedAt());
    }
}
