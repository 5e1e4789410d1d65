package org.salus.store.h2.internal.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.store.h2.internal.FileKeyProvider;
import org.salus.sync.hub.AppendResult;
import org.salus.sync.hub.HubLogException;
import org.salus.sync.hub.HubPage;
import org.salus.sync.wire.Reject;
import org.salus.sync.wire.RejectReason;

class H2HubLogTest {

    @TempDir
    Path dir;

    private H2HubLog open(Path db, boolean sync) throws HubLogOpenException {
        HubLogSettings s = new HubLogSettings(db, Path.of(db + ".key"), sync, 10_000, 8);
        return H2HubLog.open(s, new FileKeyProvider(s.keyFile()));
    }

    @Test
    void aChainIsStoredInServerOrderAndServedByCursor() throws Exception {
        DeviceChain a1 = new DeviceChain("A", "dev-a1");
        DeviceChain b1 = new DeviceChain("B", "dev-b1");
        try (H2HubLog log = open(dir.resolve("hub"), true)) {
            List<OpEnvelope> first = a1.next(3);
            AppendResult r = log.append("A", "dev-a1", first);
            assertEquals(3, r.ackedDeviceSeq());
            assertEquals(List.of(1L, 2L, 3L), r.accepted().stream().map(OpEnvelope::serverSeq).toList());
            assertEquals(List.of(1L), log.append("B", "dev-b1", b1.next(1)).accepted().stream().map(OpEnvelope::serverSeq).toList(),
                    "each clinic counts on its own");
            log.append("A", "dev-a1", a1.next(2));

            HubPage p1 = log.page("A", 0, 4);
            assertEquals(List.of(1L, 2L, 3L, 4L), p1.ops().stream().map(OpEnvelope::serverSeq).toList());
            assertTrue(p1.more());
            assertEquals(first.get(0).hash(), p1.ops().get(0).hash());
            assertEquals(first.get(0).payload(), p1.ops().get(0).payload());
            assertEquals(first.get(0).deviceTime(), p1.ops().get(0).deviceTime());
            HubPage p2 = log.page("A", p1.cursorAfter(0), 4);
            assertEquals(List.of(5L), p2.ops().stream().map(OpEnvelope::serverSeq).toList());
            assertFalse(p2.more());
            assertEquals(5, p2.cursorAfter(4));
            assertEquals(0, log.page("A", 5, 10).ops().size());
            assertEquals(5, log.deviceHead("dev-a1").seq());
            assertEquals(ChainHead.empty("dev-x"), log.deviceHead("dev-x"));
        }
        try (H2HubLog again = open(dir.resolve("hub"), true)) {
            assertEquals(5, again.page("A", 0, 100).ops().size(), "committed operations survive a restart");
            assertEquals(6, again.append("A", "dev-a1", a1.next(1)).accepted().get(0).serverSeq());
        }
    }

    @Test
    void aRedeliveredBatchIsAppliedOnce() throws Exception {
        DeviceChain a1 = new DeviceChain("A", "dev-a1");
        List<OpEnvelope> batch = a1.next(4);
        try (H2HubLog log = open(dir.resolve("hub"), true)) {
            assertEquals(4, log.append("A", "dev-a1", batch).accepted().size());
            AppendResult again = log.append("A", "dev-a1", batch);
            assertEquals(0, again.accepted().size());
            assertEquals(4, again.duplicates());
            assertEquals(4, again.ackedDeviceSeq());
            assertTrue(again.rejects().isEmpty());
            assertEquals(4, log.page("A", 0, 100).ops().size());
        }
    }

    @Test
    void refusedOperationsAreNotStoredAndTheHeadStaysAtTheLastGoodOne() throws Exception {
        DeviceChain a1 = new DeviceChain("A", "dev-a1");
        List<OpEnvelope> ops = a1.next(4);
        try (H2HubLog log = open(dir.resolve("hub"), false)) {
            AppendResult r = log.append("A", "dev-a1", List.of(ops.get(0), ops.get(1).withHash("0".repeat(63) + "1"), ops.get(2)));
            assertEquals(1, r.ackedDeviceSeq());
            assertEquals(List.of(RejectReason.BAD_HASH, RejectReason.SEQ_GAP), r.rejects().stream().map(Reject::reason).toList());
            AppendResult gap = log.append("A", "dev-a1", List.of(ops.get(3)));
            assertEquals(List.of(RejectReason.SEQ_GAP), gap.rejects().stream().map(Reject::reason).toList());
            assertEquals(1, log.page("A", 0, 100).ops().size());
            AppendResult stranger = log.append("B", "dev-a1", new DeviceChain("B", "dev-a1").next(1));
            assertEquals(List.of(RejectReason.WRONG_CLINIC), stranger.rejects().stream().map(Reject::reason).toList());
            assertEquals(3, log.append("A", "dev-a1", ops.subList(1, 4)).accepted().size(), "the device repairs from its ack");
        }
    }

    @Test
    void aWrongKeyIsNamed() throws Exception {
        open(dir.resolve("hub"), true).close();
        Files.writeString(dir.resolve("hub.key"), "ab".repeat(32));
        HubLogOpenException e = assertThrows(HubLogOpenException.class, () -> open(dir.resolve("hub"), true));
        assertTrue(e.getMessage().contains("cannot be decrypted with the key in " + dir.resolve("hub.key")), e.getMessage());
    }

    /**
     * Pushers of one clinic append concurrently while a puller pages after its cursor. serverSeq is commit-ordered,
     * so every page continues exactly where the last ended: a gap the puller saw and that later filled would show
     * as a serverSeq that is not cursor + 1.
     */
    @Test
    void aConcurrentPullerNeverSkipsAnOperationThatCommitsLate() throws Exception {
        int devices = 6;
        int batches = 40;
        int perBatch = 5;
        try (H2HubLog log = open(dir.resolve("hub"), false)) {
            ExecutorService pool = Executors.newFixedThreadPool(devices + 2);
            AtomicBoolean pushing = new AtomicBoolean(true);
            List<Future<?>> pushers = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                String device = "dev-" + d;
                String clinic = d < devices - 1 ? "A" : "B";
                pushers.add(pool.submit(() -> {
                    DeviceChain chain = new DeviceChain(clinic, device);
                    for (int b = 0; b < batches; b++) {
                        AppendResult r = log.append(clinic, device, chain.next(perBatch));
                        assertEquals(perBatch, r.accepted().size(), r.rejects().toString());
                    }
                    return null;
                }));
            }
            Future<List<OpEnvelope>> puller = pool.submit(() -> {
                List<OpEnvelope> seen = new ArrayList<>();
                long cursor = 0;
                int nonEmptyPagesWhilePushing = 0;
                while (true) {
                    boolean stillPushing = pushing.get();
                    HubPage page = log.page("A", cursor, 7);
                    for (OpEnvelope op : page.ops()) {
                        assertEquals(cursor + 1, op.serverSeq(), "after serverSeq " + cursor + " the puller saw " + op.serverSeq());
                        cursor = op.serverSeq();
                        seen.add(op);
                    }
                    if (stillPushing && !page.ops().isEmpty()) {
                        nonEmptyPagesWhilePushing++;
                    }
                    if (!stillPushing && page.ops().isEmpty()) {
                        System.out.println("puller: " + nonEmptyPagesWhilePushing + " non-empty pages while the pushers ran");
                        return seen;
                    }
                }
            });
            for (Future<?> f : pushers) {
                f.get(5, TimeUnit.MINUTES);
            }
            pushing.set(false);
            List<OpEnvelope> seen = puller.get(5, TimeUnit.MINUTES);
            pool.shutdown();

            assertEquals((devices - 1) * batches * perBatch, seen.size(), "the puller saw every operation of clinic A");
            Map<String, Long> lastSeq = new HashMap<>();
            for (OpEnvelope op : seen) {
                long before = lastSeq.getOrDefault(op.deviceId(), 0L);
                assertEquals(before + 1, op.deviceSeq(), "each device's operations appear in chain order");
                lastSeq.put(op.deviceId(), op.deviceSeq());
            }
            assertEquals(batches * perBatch, log.page("B", 0, 1000).ops().size());
            List<Long> receivedAt = new ArrayList<>(seen.stream().map(o -> o.receivedAt().toEpochMilli()).toList());
            List<Long> sorted = new ArrayList<>(receivedAt);
            Collections.sort(sorted);
            assertEquals(sorted, receivedAt, "receivedAt never goes backwards in serverSeq order");
        }
    }

    /**
     * A device hands over its next batches without waiting for the ones before (as the hub's lanes do): each is judged
     * after the one before it, in the order given, and each stage completes only once its batch is forced to the disk,
     * so a reopened log holds everything whose stage completed.
     */
    @Test
    void batchesHandedOverWithoutWaitingAreStoredInOrderAndDurable() throws Exception {
        DeviceChain a1 = new DeviceChain("A", "dev-a1");
        DeviceChain a2 = new DeviceChain("A", "dev-a2");
        List<CompletableFuture<AppendResult>> stages = new ArrayList<>();
        try (H2HubLog log = open(dir.resolve("hub"), true)) {
            for (int b = 0; b < 30; b++) {
                stages.add(log.appendAsync("A", "dev-a1", a1.next(20)));
                stages.add(log.appendAsync("A", "dev-a2", a2.next(3)));
            }
            long acked1 = 0;
            long acked2 = 0;
            for (int i = 0; i < stages.size(); i++) {
                AppendResult r = stages.get(i).get(1, TimeUnit.MINUTES);
                assertTrue(r.rejects().isEmpty(), "batch " + i + ": " + r.rejects());
                if (i % 2 == 0) {
                    assertEquals(acked1 + 20, r.ackedDeviceSeq(), "dev-a1's batch " + i / 2 + " continues the one before");
                    acked1 = r.ackedDeviceSeq();
                } else {
                    assertEquals(acked2 + 3, r.ackedDeviceSeq());
                    acked2 = r.ackedDeviceSeq();
                }
            }
        }
        try (H2HubLog again = open(dir.resolve("hub"), true)) {
            List<OpEnvelope> all = again.page("A", 0, 10_000).ops();
            assertEquals(30 * 23, all.size(), "every batch whose stage completed is in the reopened log");
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i + 1, all.get(i).serverSeq());
            }
            assertEquals(600, again.deviceHead("dev-a1").seq());
            assertEquals(90, again.deviceHead("dev-a2").seq());
        }
    }

    /**
     * A batch handed over behind one that the log refuses part of is judged against what the log then holds: its
     * operations do not continue the chain, so they are refused as a gap (the device goes back to its ack) and
     * nothing is stored out of order.
     */
    @Test
    void aBatchBehindARefusedOneIsRefusedAsAGap() throws Exception {
        DeviceChain a1 = new DeviceChain("A", "dev-a1");
        List<OpEnvelope> first = a1.next(3);
        List<OpEnvelope> forged = new ArrayList<>(first);
        forged.set(1, first.get(1).withHash("0".repeat(63) + "1"));
        try (H2HubLog log = open(dir.resolve("hub"), true)) {
            CompletableFuture<AppendResult> bad = log.appendAsync("A", "dev-a1", forged);
            CompletableFuture<AppendResult> behind = log.appendAsync("A", "dev-a1", a1.next(2));
            assertEquals(1, bad.get(1, TimeUnit.MINUTES).ackedDeviceSeq());
            AppendResult r = behind.get(1, TimeUnit.MINUTES);
            assertEquals(1, r.ackedDeviceSeq());
            assertTrue(r.accepted().isEmpty());
            assertEquals(RejectReason.SEQ_GAP, r.rejects().get(0).reason(), r.rejects().toString());
            assertEquals(1, log.page("A", 0, 100).ops().size());
        }
    }

    @Test
    void aClosedLogRefusesWithAReason() throws Exception {
        H2HubLog log = open(dir.resolve("hub"), true);
        log.close();
        CompletableFuture<AppendResult> late = log.appendAsync("A", "dev-a1", new DeviceChain("A", "dev-a1").next(1));
        ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(1, TimeUnit.MINUTES));
        HubLogException cause = assertInstanceOf(HubLogException.class, e.getCause());
        assertEquals(HubLogException.Reason.UNAVAILABLE, cause.reason());
        assertTrue(cause.getMessage().contains("closed"), cause.getMessage());
    }
}
