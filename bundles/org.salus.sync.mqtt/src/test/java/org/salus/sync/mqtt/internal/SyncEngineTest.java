package org.salus.sync.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.salus.sync.mqtt.internal.SyncEngine.PUSH_WINDOW;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.salus.core.op.Hlc;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.core.store.OpApplier;
import org.salus.sync.mqtt.RejectedOp;
import org.salus.sync.mqtt.SyncState;
import org.salus.sync.wire.Ack;
import org.salus.sync.wire.Feed;
import org.salus.sync.wire.PushBatch;
import org.salus.sync.wire.Reject;
import org.salus.sync.wire.RejectReason;
import org.salus.sync.wire.SyncTopics;

/** The outbox, ack, reject and cursor logic of the engine, against a store in memory and a scripted hub. */
class SyncEngineTest {

    static final String CLINIC = "clinic_1";
    static final String ME = "ws-me";
    static final String OTHER = "ws-other";

    final MemoryStore store = new MemoryStore();
    final ScriptedHub hub = new ScriptedHub(CLINIC);
    final List<String> applied = new ArrayList<>();
    final OpApplier projector = (tx, op) -> applied.add(op.opId());
    final List<SyncEngine> engines = new ArrayList<>();

    @AfterEach
    void stop() {
        engines.forEach(SyncEngine::stop);
    }

    SyncEngine engine(int pushBatchOps) {
        return engine(pushBatchOps, 1_000);
    }

    SyncEngine engine(int pushBatchOps, long answerWaitMillis) {
        SyncSettings s = new SyncSettings("tcp://127.0.0.1:1", CLINIC, ME, "secret".toCharArray(), pushBatchOps, 2, 50, answerWaitMillis, 10, 40,
                60_000, 60_000);
        SyncEngine e = new SyncEngine(s, new DeviceLog(store, projector, CLINIC, ME), hub, Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"),
                ZoneOffset.UTC));
        engines.add(e);
        return e;
    }

    /** A device's chain of {@code n} operations (entity types without projection tables). */
    static List<OpEnvelope> chain(String device, int n) {
        List<OpEnvelope> ops = new ArrayList<>();
        String prev = OpHashes.GENESIS;
        for (int i = 1; i <= n; i++) {
            OpEnvelope op = new OpEnvelope(String.format("0190a1b2-c3d4-7e5f-8a6b-%012d", (device.hashCode() & 0xffff) * 1000L + i), CLINIC,
                    device, "u-1", "Observation", device + "-obs-" + i, "observation.record", i,
                    new Hlc(1_767_225_600_000L + i, 0, "0123456789abcdef").toString(), Instant.parse("2026-01-01T00:00:00Z"), 1,
                    "{\"code\":\"bp\",\"value\":\"" + i + "\"}", prev, null, 0, null).sealed();
            ops.add(op);
            prev = op.hash();
        }
        return ops;
    }

    void recordLocally(int n) {
        chain(ME, n).forEach(store::record);
    }

    @Test
    void theBacklogIsPushedInBatchesInDeviceSeqOrderAndTheAckIsKept() {
        recordLocally(7);
        SyncEngine e = engine(3);
        assertEquals(7, e.state().backlog());
        e.round(true);
        assertEquals(List.of(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L), List.of(7L)),
                hub.pushes.stream().map(b -> b.ops().stream().map(OpEnvelope::deviceSeq).toList()).toList());
        assertEquals("7", store.metaValue(DeviceLog.ACKED).orElseThrow());
        SyncState s = e.state();
        assertEquals(0, s.backlog());
        assertEquals(7, s.ackedDeviceSeq());
        assertNull(s.lastError());
        assertNotNull(s.lastSuccessfulSync());
        // nothing new: the next round pushes nothing
        e.round(false);
        assertEquals(3, hub.pushes.size());
    }

    @Test
    void upToFourPushesAreInFlightAndAnAckCoversTheOnesSentBeforeIt() throws Exception {
        recordLocally(12);
        hub.answerPushes = false;
        SyncEngine e = engine(2);
        Thread round = new Thread(() -> e.round(true));
        round.start();
        awaitPushes(4);
        Thread.sleep(200);
        assertEquals(4, hub.pushes.size(), "no fifth push before an ack");
        // the hub acks the second batch first (the first ack was lost): it covers the first one too
        hub.deliver(SyncTopics.ack(CLINIC, ME), new Ack(hub.pushes.get(1).batchId(), ME, 4, 4, 0, List.of()));
        awaitPushes(6);
        for (int i = 2; i < 6; i++) {
            hub.deliver(SyncTopics.ack(CLINIC, ME), new Ack(hub.pushes.get(i).batchId(), ME, 2L * (i + 1), 2, 0, List.of()));
        }
        round.join(10_000);
        assertFalse(round.isAlive());
        assertEquals(List.of(List.of(1L, 2L), List.of(3L, 4L), List.of(5L, 6L), List.of(7L, 8L), List.of(9L, 10L), List.of(11L, 12L)),
                hub.pushes.stream().map(b -> b.ops().stream().map(OpEnvelope::deviceSeq).toList()).toList());
        assertEquals("12", store.metaValue(DeviceLog.ACKED).orElseThrow());
        assertEquals(0, e.state().backlog());
        assertNull(e.state().lastError());
    }

    @Test
    void aGapInTheWindowRewindsTheOutboxToTheHubsPosition() throws Exception {
        recordLocally(8);
        hub.answerPushes = false;
        SyncEngine e = engine(2);
        Thread round = new Thread(() -> e.round(true));
        round.start();
        awaitPushes(4);
        // the hub took the first batch only, then missed 3 and 4 (a broker that dropped the second push)
        hub.deliver(SyncTopics.ack(CLINIC, ME), new Ack(hub.pushes.get(0).batchId(), ME, 2, 2, 0, List.of()));
        hub.deliver(SyncTopics.ack(CLINIC, ME), new Ack(hub.pushes.get(2).batchId(), ME, 2, 0, 0,
                List.of(new Reject(store.ops().get(4).opId(), 5, RejectReason.SEQ_GAP, "3 and 4 are missing"))));
        awaitPushes(5);
        assertEquals(3, hub.pushes.get(4).ops().get(0).deviceSeq(), "pushed again from what the hub holds");
        // the late ack of the fourth push, judged as a gap too, is ignored
        hub.deliver(SyncTopics.ack(CLINIC, ME), new Ack(hub.pushes.get(3).batchId(), ME, 2, 0, 0,
                List.of(new Reject(store.ops().get(6).opId(), 7, RejectReason.SEQ_GAP, "3 to 6 are missing"))));
        for (int i = 4; i < 7; i++) {
            awaitPushes(i + 1);
            PushBatch b = hub.pushes.get(i);
            hub.deliver(SyncTopics.ack(CLINIC, ME), new Ack(b.batchId(), ME, b.ops().get(b.ops().size() - 1).deviceSeq(), 2, 0, List.of()));
        }
        round.join(10_000);
        assertFalse(round.isAlive());
        assertEquals(7, hub.pushes.size());
        assertEquals(List.of(3L, 5L, 7L), hub.pushes.subList(4, 7).stream().map(b -> b.ops().get(0).deviceSeq()).toList());
        assertEquals(8, e.state().ackedDeviceSeq());
        assertEquals(List.of(), e.state().rejected(), "a gap is no refusal");
    }

    @Test
    void aPushTheHubFindsTooLargeIsCutToFitAndEveryOperationFollows() {
        recordLocally(60);
        SyncEngine e = engine(20);
        // room for about 8 of these operations in one message: the first pushes of 20 are refused whole
        hub.maxMessageBytes = 8 * 600;
        e.round(true);
        SyncState s = e.state();
        assertEquals(60, s.ackedDeviceSeq());
        assertEquals(0, s.backlog());
        assertEquals(List.of(), s.rejected(), "a push too large is no refusal of an operation");
        assertNull(s.lastError());
        assertEquals(store.ops().stream().map(OpEnvelope::opId).toList(), hub.clinicOps.stream().map(OpEnvelope::opId).toList(),
                "the hub stored the whole chain in order, each operation once");
        int refused = (int) hub.pushes.stream().filter(b -> hub.codec.encode(b).length > hub.maxMessageBytes).count();
        assertTrue(refused >= 1 && refused <= PUSH_WINDOW * 3, "the cut was learnt from the first refusals: " + refused + " refused");
        // the next round starts with the size learnt: no push is refused again
        chain(ME, 80).subList(60, 80).forEach(store::record);
        int before = hub.pushes.size();
        e.round(true);
        assertEquals(80, e.state().ackedDeviceSeq());
        assertTrue(hub.pushes.subList(before, hub.pushes.size()).stream().allMatch(b -> hub.codec.encode(b).length <= hub.maxMessageBytes));
    }

    @Test
    void oneOperationLargerThanTheHubTakesWaitsLikeARefusedOne() {
        recordLocally(3);
        SyncEngine e = engine(10);
        hub.maxMessageBytes = 100;
        e.round(true);
        SyncState s = e.state();
        assertEquals(0, s.ackedDeviceSeq());
        assertEquals(1, s.rejected().size());
        assertEquals(1, s.rejected().get(0).deviceSeq());
        assertEquals("too-large", s.rejected().get(0).reason());
        assertTrue(s.lastError().contains("2 operations after it wait"), s.lastError());
        // it is not pushed again and again: the next ordinary round waits for the retry pause
        int pushes = hub.pushes.size();
        e.round(false);
        assertEquals(pushes, hub.pushes.size());
    }

    @Test
    void stoppingEndsARoundWaitingForAnAckAndKeepsTheAckedPosition() throws Exception {
        recordLocally(10);
        hub.answerPushes = false;
        // a hub that never answers within the test: only the stop can end the round in time
        SyncEngine e = engine(2, 600_000);
        Thread round = new Thread(() -> e.round(true));
        round.start();
        awaitPushes(4);
        hub.deliver(SyncTopics.ack(CLINIC, ME), new Ack(hub.pushes.get(0).batchId(), ME, 2, 2, 0, List.of()));
        // the fifth push leaves once the first ack is taken
        awaitPushes(5);
        long t0 = System.nanoTime();
        e.stop();
        round.join(30_000);
        assertFalse(round.isAlive(), "the round ended with the stop");
        // not the answer wait, nor the 10 s after which a stop interrupts a round
        long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(stopMs < 5_000, "the stop took " + stopMs + " ms: it waited for the hub's answer");
        assertEquals("2", store.metaValue(DeviceLog.ACKED).orElseThrow(), "the acked position reached is kept");
    }

    @Test
    void aDroppedConnectionEndsARoundWaitingForAnAck() throws Exception {
        recordLocally(4);
        hub.answerPushes = false;
        SyncEngine e = engine(2, 600_000);
        Thread round = new Thread(() -> e.round(true));
        round.start();
        awaitPushes(2);
        hub.drop();
        round.join(30_000);
        assertFalse(round.isAlive(), "the round ended when the connection dropped, not after the answer wait");
        assertFalse(e.state().connected());
        assertTrue(e.state().lastError().contains("closed while push"), e.state().lastError());
        assertEquals(4, e.state().backlog());
    }

    private void awaitPushes(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hub.pushes.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(hub.pushes.size() >= n, "at least " + n + " pushes, not " + hub.pushes.size());
    }

    @Test
    void aRestartResumesAfterTheKeptAckAndTheHubCountsWhatItHeldTwice() {
        recordLocally(5);
        engine(10).round(true);
        chain(ME, 8).subList(5, 8).forEach(store::record);
        // the ack of 1..5 was kept, but say the device crashed before keeping the next one: it pushes 4..8 again
        store.write(tx -> {
            tx.putMeta(DeviceLog.ACKED, "3");
            return null;
        });
        hub.disconnect();
        SyncEngine restarted = engine(10);
        restarted.round(true);
        PushBatch last = hub.pushes.get(hub.pushes.size() - 1);
        assertEquals(4, last.ops().get(0).deviceSeq());
        assertEquals(2, restarted.state().hubDuplicates(), "4 and 5 were held by the hub already");
        assertEquals(8, restarted.state().ackedDeviceSeq());
    }

    @Test
    void aRefusedOperationIsKeptHoldsTheOnesAfterItButNotThePull() {
        recordLocally(5);
        List<OpEnvelope> mine = store.ops();
        hub.refuse.put(mine.get(2).opId(), RejectReason.CHAIN_BREAK);
        hub.clinicOps.addAll(served(chain(OTHER, 3), 0));
        SyncEngine e = engine(10);
        e.round(true);

        SyncState s = e.state();
        assertEquals(2, s.ackedDeviceSeq());
        assertEquals(3, s.backlog(), "3 and the two after it wait");
        assertEquals(1, s.rejected().size());
        RejectedOp r = s.rejected().get(0);
        assertEquals(mine.get(2).opId(), r.opId());
        assertEquals(3, r.deviceSeq());
        assertEquals("chain-break", r.reason());
        assertTrue(s.lastError().contains("2 operations after it wait"), s.lastError());
        assertEquals(5, s.cursor(), "the other device's 3 operations still came in, then this device's 2 the hub accepted");
        assertEquals(chain(OTHER, 3).stream().map(OpEnvelope::opId).toList(), applied, "only the other device's were applied");
        assertEquals(1, store.metaValue(DeviceLog.REJECTS).stream().count());

        // an ordinary round does not push again before the retry pause
        int pushes = hub.pushes.size();
        e.round(false);
        assertEquals(pushes, hub.pushes.size());

        // once the hub takes it (the cause was fixed there), syncNow pushes the rest and the refusal is forgotten
        hub.refuse.clear();
        e.round(true);
        assertEquals(5, e.state().ackedDeviceSeq());
        assertEquals(List.of(), e.state().rejected());
        assertEquals(List.of(), DeviceLog.decodeRejects(store.metaValue(DeviceLog.REJECTS).orElse(null)));
    }

    @Test
    void theHubsLowerAckRewindsTheOutbox() {
        recordLocally(4);
        store.write(tx -> {
            tx.putMeta(DeviceLog.ACKED, "3");
            return null;
        });
        SyncEngine e = engine(10);
        e.round(true);
        // the scripted hub holds nothing: it answers seq-gap with ackedDeviceSeq 0, and the engine pushes from 1
        assertEquals(List.of(4L), hub.pushes.get(0).ops().stream().map(OpEnvelope::deviceSeq).toList());
        assertEquals(1, hub.pushes.get(1).ops().get(0).deviceSeq());
        assertEquals(4, e.state().ackedDeviceSeq());
        assertEquals(List.of(), e.state().rejected(), "a gap is no refusal");
    }

    @Test
    void pagesAreIngestedByCursorAndEachOperationOnce() {
        List<OpEnvelope> other = chain(OTHER, 5);
        hub.clinicOps.addAll(served(other, 0));
        SyncEngine e = engine(10);
        e.round(true);
        assertEquals(List.of(2L, 4L), hub.pulls.stream().map(p -> p.cursor()).filter(c -> c > 0).toList(), "pages of 2 from the cursor");
        assertEquals(other.stream().map(OpEnvelope::opId).toList(), applied);
        assertEquals("5", store.metaValue(DeviceLog.CURSOR).orElseThrow());
        assertEquals(5, store.ops().size());

        // the same page again (a redelivery, a feed that overlaps) changes nothing
        e.round(true);
        assertEquals(5, applied.size());
        assertEquals(5, store.ops().size());
    }

    @Test
    void aPageWithABrokenChainIsNotAppliedAndTheCursorStays() {
        List<OpEnvelope> other = chain(OTHER, 3);
        OpEnvelope forged = new OpEnvelope(other.get(1).opId(), CLINIC, OTHER, "u-1", "Observation", "x", "observation.record", 2,
                other.get(1).hlc(), other.get(1).deviceTime(), 1, "{}", "1".repeat(64), null, 0, null).sealed();
        hub.clinicOps.addAll(served(List.of(other.get(0), forged, other.get(2)), 0));
        SyncEngine e = engine(10);
        e.round(true);
        SyncState s = e.state();
        assertEquals(0, s.cursor());
        assertEquals(0, store.ops().size(), "nothing of the page was kept, not even the good first operation");
        assertEquals(1, s.refusedMessages());
        assertTrue(s.lastRefusal().contains(forged.opId()) && s.lastRefusal().contains("does not continue the device's chain"), s.lastRefusal());
        assertNull(s.lastSuccessfulSync());
    }

    @Test
    void thisDevicesOwnOperationsComeBackAsDuplicatesAndAForgedOneIsRefused() {
        recordLocally(4);
        SyncEngine e = engine(10);
        // the push puts them in the hub's clinic log; the pull brings them back
        e.round(true);
        assertEquals(4, e.state().cursor(), "its own four, held already, moved the cursor");
        assertEquals(List.of(), applied);
        assertEquals(4, store.ops().size());

        // the hub serves a fifth operation of this device, which it never wrote
        OpEnvelope fifth = chain(ME, 5).get(4);
        OpEnvelope forged = new OpEnvelope(fifth.opId(), CLINIC, ME, "u-1", "Observation", "x", "observation.record", 5, fifth.hlc(),
                fifth.deviceTime(), 1, "{}", fifth.prevHash(), null, 0, null).sealed();
        hub.clinicOps.addAll(served(List.of(forged), 4));
        e.round(true);
        SyncState s = e.state();
        assertEquals(4, s.cursor(), "the page with the forged operation was not applied");
        assertEquals(1, s.refusedMessages());
        assertTrue(s.lastRefusal().contains(forged.opId()) && s.lastRefusal().contains("fork"), s.lastRefusal());
        assertEquals(4, store.ops().size());
    }

    @Test
    void anUnreadablePageIsRefusedWithItsReason() {
        hub.pageOverride = r -> "{\"v\":1,\"type\":\"page\"}".getBytes();
        SyncEngine e = engine(10);
        e.round(true);
        assertEquals(1, e.state().refusedMessages());
        assertTrue(e.state().lastRefusal().contains("malformed"), e.state().lastRefusal());
        assertEquals(0, e.state().cursor());
    }

    @Test
    void theFeedIsAppliedWhenItFollowsTheCursorAndAGapAsksForAPull() throws Exception {
        SyncEngine e = engine(10);
        e.round(true);
        int pulls = hub.pulls.size();
        List<OpEnvelope> other = served(chain(OTHER, 4), 0);
        hub.deliver(SyncTopics.feed(CLINIC), new Feed(other.subList(0, 2)));
        awaitCursor(e, 2);
        assertEquals(pulls, hub.pulls.size(), "a feed that follows the cursor needs no pull");
        // 3 is lost by the broker; 4 arrives: the engine does not skip 3, it pulls
        hub.clinicOps.addAll(other);
        hub.deliver(SyncTopics.feed(CLINIC), new Feed(other.subList(3, 4)));
        e.awaitIdle();
        assertEquals(2, e.state().cursor(), "4 is not applied over the gap");
        e.round(false);
        assertEquals(4, e.state().cursor());
        assertTrue(hub.pulls.size() > pulls);
        assertEquals(other.stream().map(OpEnvelope::opId).toList(), applied);
    }

    @Test
    void garbageOnTheFeedIsRefusedAndAPullRepairs() throws Exception {
        SyncEngine e = engine(10);
        e.round(true);
        hub.clinicOps.addAll(served(chain(OTHER, 1), 0));
        hub.deliverRaw(SyncTopics.feed(CLINIC), new byte[] {(byte) 0xff, 0x00, 0x7b});
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (e.state().refusedMessages() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, e.state().refusedMessages());
        assertTrue(e.state().lastRefusal().contains("unreadable message on the feed"), e.state().lastRefusal());
        e.round(false);
        assertEquals(1, e.state().cursor(), "the pull the garbage asked for brought the operation");
    }

    @Test
    void offlineIsRecordedAndRetriedWithGrowingPauses() {
        recordLocally(2);
        hub.reachable = false;
        SyncEngine e = engine(10);
        e.round(false);
        SyncState s = e.state();
        assertFalse(s.connected());
        assertTrue(s.lastError().contains("cannot reach the hub"), s.lastError());
        assertEquals(2, s.backlog());
        // the clock stands still: the next ordinary round waits for the retry pause, syncNow does not
        hub.reachable = true;
        e.round(false);
        assertEquals(0, hub.connects);
        e.round(true);
        assertEquals(1, hub.connects);
        assertEquals(0, e.state().backlog());
    }

    private static void awaitCursor(SyncEngine e, long cursor) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (e.state().cursor() < cursor && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(cursor, e.state().cursor());
    }

    /** The operations as the hub serves them, numbered after {@code afterServerSeq}. */
    static List<OpEnvelope> served(List<OpEnvelope> ops, long afterServerSeq) {
        List<OpEnvelope> out = new ArrayList<>();
        for (OpEnvelope op : ops) {
            out.add(op.acceptedByHub(afterServerSeq + out.size() + 1, Instant.parse("2026-01-01T00:00:00Z")));
        }
        return out;
    }
}
