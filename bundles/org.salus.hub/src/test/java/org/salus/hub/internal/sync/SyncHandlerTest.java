package org.salus.hub.internal.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.salus.core.op.Hlc;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.core.op.UuidV7;
import org.salus.hub.monitor.DeviceSyncStatus;
import org.salus.hub.monitor.Latency;
import org.salus.hub.monitor.SyncTotals;
import org.salus.sync.wire.Ack;
import org.salus.sync.wire.Feed;
import org.salus.sync.wire.Page;
import org.salus.sync.wire.PullRequest;
import org.salus.sync.wire.PushBatch;
import org.salus.sync.wire.Reject;
import org.salus.sync.wire.RejectReason;
import org.salus.sync.wire.SyncCodec;
import org.salus.sync.wire.SyncLimits;

class SyncHandlerTest {

    private static final UuidV7 IDS = new UuidV7();
    private final SyncCodec codec = new SyncCodec();
    private final MemoryHubLog log = new MemoryHubLog();
    private final SyncMetrics metrics = new SyncMetrics(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    private final SyncHandler handler = new SyncHandler(log, (d, c) -> d.startsWith("dev-" + c.toLowerCase()), codec, metrics);

    static List<OpEnvelope> chain(String clinic, String device, int n) {
        List<OpEnvelope> ops = new ArrayList<>();
        String prev = OpHashes.GENESIS;
        for (int i = 1; i <= n; i++) {
            OpEnvelope op = new OpEnvelope(IDS.nextString(), clinic, device, "u", "StockMovement", "e" + i, "stock.dispense", i,
                    new Hlc(1_000_000L + i, 0, "00000000000000c3").toString(), Instant.ofEpochMilli(1_000_000L + i), 1, "{\"n\":" + i + "}", prev,
                    null, 0, null).sealed();
            prev = op.hash();
            ops.add(op);
        }
        return ops;
    }

    private byte[] push(String clinic, String device, List<OpEnvelope> ops) {
        return codec.encode(new PushBatch(UUID.randomUUID().toString(), clinic, device, ops));
    }

    private Ack ackOf(Outgoing o) throws Exception {
        return codec.decodeAck(o.payload());
    }

    @Test
    void aPushIsAckedOnTheDevicesTopicAndFedToItsClinic() throws Exception {
        List<Outgoing> out = handler.onMessage("salus/v1/A/push/dev-a1", push("A", "dev-a1", chain("A", "dev-a1", 3)), null, null);
        assertEquals(2, out.size());
        assertEquals("salus/v1/A/ack/dev-a1", out.get(0).topic());
        Ack ack = ackOf(out.get(0));
        assertEquals(3, ack.ackedDeviceSeq());
        assertEquals(3, ack.accepted());
        assertEquals("salus/v1/A/feed", out.get(1).topic());
        Feed feed = codec.decodeFeed(out.get(1).payload());
        assertEquals(List.of(1L, 2L, 3L), feed.ops().stream().map(OpEnvelope::serverSeq).toList());
    }

    @Test
    void pushesReadAheadOnAnotherThreadAreJudgedInTheirTurnAsIfReadThere() throws Exception {
        List<OpEnvelope> ops = chain("A", "dev-a1", 4);
        byte[] first = push("A", "dev-a1", ops.subList(0, 2));
        byte[] second = push("A", "dev-a1", ops.subList(2, 4));
        // both read before the first is stored, as the hub's readers do while a lane stores the one before
        SyncHandler.ReadPush[] read = new SyncHandler.ReadPush[3];
        Thread reader = new Thread(() -> {
            read[0] = handler.readPush(first);
            read[1] = handler.readPush(second);
            read[2] = handler.readPush("{\"v\":1,".getBytes(StandardCharsets.UTF_8));
        });
        reader.start();
        reader.join();
        assertEquals(2, ackOf(handler.onMessage("salus/v1/A/push/dev-a1", first, null, null, read[0]).get(0)).ackedDeviceSeq());
        Ack ack = ackOf(handler.onMessage("salus/v1/A/push/dev-a1", second, null, null, read[1]).get(0));
        assertEquals(4, ack.ackedDeviceSeq());
        assertEquals(2, ack.accepted());
        Ack garbage = ackOf(handler.onMessage("salus/v1/A/push/dev-a1", "{\"v\":1,".getBytes(StandardCharsets.UTF_8), null, null, read[2]).get(0));
        assertEquals(RejectReason.MALFORMED, garbage.rejects().get(0).reason());
        assertEquals(4, garbage.ackedDeviceSeq());
        assertEquals(List.of(1L, 2L, 3L, 4L), log.page("A", 0, 10).ops().stream().map(OpEnvelope::deviceSeq).toList());
    }

    @Test
    void aMessageThatNamesAnotherClinicOrDeviceThanItsTopicIsRefused() throws Exception {
        Outgoing wrongClinic = handler.onMessage("salus/v1/A/push/dev-a1", push("B", "dev-a1", chain("B", "dev-a1", 1)), null, null).get(0);
        assertEquals(RejectReason.WRONG_CLINIC, ackOf(wrongClinic).rejects().get(0).reason());
        Outgoing wrongDevice = handler.onMessage("salus/v1/A/push/dev-a1", push("A", "dev-a2", chain("A", "dev-a2", 1)), null, null).get(0);
        assertEquals(RejectReason.WRONG_DEVICE, ackOf(wrongDevice).rejects().get(0).reason());
        Outgoing stranger = handler.onMessage("salus/v1/A/push/dev-b1", push("A", "dev-b1", chain("A", "dev-b1", 1)), null, null).get(0);
        Reject forbidden = ackOf(stranger).rejects().get(0);
        assertEquals(RejectReason.FORBIDDEN, forbidden.reason());
        assertEquals("device dev-b1 is not enrolled for clinic A at this hub, or it was revoked", forbidden.detail());
        assertEquals(0, log.page("A", 0, 10).ops().size(), "nothing was stored");
    }

    @Test
    void malformedAndTooLargePushesAreAckedWithTheirReasonAndTheHead() throws Exception {
        handler.onMessage("salus/v1/A/push/dev-a1", push("A", "dev-a1", chain("A", "dev-a1", 2)), null, null);
        Ack garbage = ackOf(handler.onMessage("salus/v1/A/push/dev-a1", "{\"v\":1,".getBytes(StandardCharsets.UTF_8), null, null).get(0));
        assertEquals(RejectReason.MALFORMED, garbage.rejects().get(0).reason());
        assertEquals(2, garbage.ackedDeviceSeq(), "the device learns where to resume");
        SyncHandler small = new SyncHandler(log, (d, c) -> true, new SyncCodec(SyncLimits.STANDARD.withMaxMessageBytes(2048)), metrics);
        Ack big = ackOf(small.onMessage("salus/v1/A/push/dev-a1", push("A", "dev-a1", chain("A", "dev-a1", 10)), null, null).get(0));
        assertEquals(RejectReason.TOO_LARGE, big.rejects().get(0).reason());
        Ack v2 = ackOf(handler.onMessage("salus/v1/A/push/dev-a1", "{\"v\":2,\"type\":\"push\"}".getBytes(StandardCharsets.UTF_8), null, null).get(0));
        assertEquals(RejectReason.UNSUPPORTED_VERSION, v2.rejects().get(0).reason());
    }

    @Test
    void aPullIsAnsweredOnlyOnTheDevicesOwnReplyTopicWithItsCorrelation() throws Exception {
        handler.onMessage("salus/v1/A/push/dev-a1", push("A", "dev-a1", chain("A", "dev-a1", 5)), null, null);
        byte[] corr = { 9, 8, 7 };
        byte[] pull = codec.encode(new PullRequest(1, 3));
        Outgoing reply = handler.onMessage("salus/v1/A/pull/dev-a2", pull, "salus/v1/A/pull-reply/dev-a2", corr).get(0);
        assertEquals("salus/v1/A/pull-reply/dev-a2", reply.topic());
        assertArrayEquals(corr, reply.correlationData());
        Page page = codec.decodePage(reply.payload());
        assertEquals(List.of(2L, 3L, 4L), page.ops().stream().map(OpEnvelope::serverSeq).toList());
        assertEquals(4, page.cursor());
        assertTrue(page.more());
        Page last = codec.decodePage(handler.onMessage("salus/v1/A/pull/dev-a2", codec.encode(new PullRequest(4, 10)),
                "salus/v1/A/pull-reply/dev-a2", corr).get(0).payload());
        assertEquals(5, last.cursor());
        assertFalse(last.more());

        Outgoing elsewhere = handler.onMessage("salus/v1/A/pull/dev-a2", pull, "salus/v1/B/pull-reply/dev-b1", corr).get(0);
        assertEquals("salus/v1/A/pull-reply/dev-a2", elsewhere.topic(), "never where the request points");
        assertEquals(RejectReason.MALFORMED, ackOf(elsewhere).rejects().get(0).reason());
    }

    @Test
    void aPageStaysWithinTheLargestMessage() throws Exception {
        handler.onMessage("salus/v1/A/push/dev-a1", push("A", "dev-a1", chain("A", "dev-a1", 40)), null, null);
        SyncHandler small = new SyncHandler(log, (d, c) -> true, new SyncCodec(SyncLimits.STANDARD.withMaxMessageBytes(4096)), metrics);
        Outgoing reply = small.onMessage("salus/v1/A/pull/dev-a1", codec.encode(new PullRequest(0, 1000)), "salus/v1/A/pull-reply/dev-a1", null).get(0);
        assertTrue(reply.payload().length <= 4096, reply.payload().length + " bytes");
        Page page = codec.decodePage(reply.payload());
        assertTrue(page.more());
        assertTrue(page.ops().size() > 1 && page.ops().size() < 40, page.ops().size() + " ops");
        assertEquals(page.ops().get(page.ops().size() - 1).serverSeq(), page.cursor());
    }

    @Test
    void theMonitorCountsWhatWasAnsweredForEachDevice() throws Exception {
        List<OpEnvelope> ops = chain("A", "dev-a1", 5);
        handler.onMessage("salus/v1/A/push/dev-a1", push("A", "dev-a1", ops.subList(0, 3)), null, null);
        // the same three again (a redelivery) and two new ones
        handler.onMessage("salus/v1/A/push/dev-a1", push("A", "dev-a1", ops), null, null);
        // a device of clinic A that is not enrolled, and garbage
        handler.onMessage("salus/v1/A/push/other-device", push("A", "other-device", chain("A", "other-device", 1)), null, null);
        handler.onMessage("salus/v1/A/push/dev-a2", "{not json".getBytes(StandardCharsets.UTF_8), null, null);
        handler.onMessage("salus/v1/A/pull/dev-a2", codec.encode(new PullRequest(0, 2)), "salus/v1/A/pull-reply/dev-a2", null);

        SyncTotals totals = metrics.totals();
        assertEquals(2, totals.pushes(), "the refused ones are counted as refusals");
        assertEquals(5, totals.opsAccepted());
        assertEquals(3, totals.duplicates());
        assertEquals(1L, totals.rejected().get("FORBIDDEN"));
        assertEquals(1L, totals.rejected().get("MALFORMED"));
        assertEquals(1, totals.pulls());
        assertEquals(2, totals.opsServed());

        DeviceSyncStatus a1 = metrics.devices().stream().filter(d -> d.deviceId().equals("dev-a1")).findFirst().orElseThrow();
        assertEquals(5, a1.ackedDeviceSeq());
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), a1.lastPush());
        assertNull(a1.lastPull());
        assertNull(a1.lastError());
        DeviceSyncStatus a2 = metrics.devices().stream().filter(d -> d.deviceId().equals("dev-a2")).findFirst().orElseThrow();
        assertEquals(2, a2.pullCursor());
        assertEquals(3, a2.backlog(), "clinic A's log holds 5 operations and dev-a2 has pulled 2");
        assertTrue(a2.lastError().startsWith("MALFORMED"), a2.lastError());
    }

    @Test
    void latencyAndClockSkewAreKeptPerAnswer() {
        metrics.answered(SyncRecorder.Kind.PUSH, "A", "dev-a1", 3_000_000, Instant.parse("2026-11-22T10:00:02Z"),
                Instant.parse("2026-11-22T10:00:00Z"));
        metrics.answered(SyncRecorder.Kind.PUSH, "A", "dev-a1", 40_000_000, null, null);
        metrics.answered(SyncRecorder.Kind.PULL, "A", "dev-a1", 20_000_000_000L, null, null);
        Latency push = metrics.totals().pushLatency();
        assertEquals(2, push.count());
        assertEquals(43.0, push.sumMillis(), 0.001);
        assertEquals(5.0, push.quantileUpperBoundMillis(0.5));
        assertEquals(50.0, push.quantileUpperBoundMillis(0.99));
        assertEquals(Double.POSITIVE_INFINITY, metrics.totals().pullLatency().quantileUpperBoundMillis(0.5), "beyond the last bucket");
        assertEquals(2000L, metrics.devices().get(0).clockSkewMillis(), "the device's clock is two seconds ahead");
    }
}
