package org.salus.hub.internal.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.salus.core.op.Hlc;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.core.op.UuidV7;
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
    private final SyncHandler handler = new SyncHandler(log, (d, c) -> d.startsWith("dev-" + c.toLowerCase()), codec);

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
        SyncHandler small = new SyncHandler(log, (d, c) -> true, new SyncCodec(SyncLimits.STANDARD.withMaxMessageBytes(2048)));
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
        SyncHandler small = new SyncHandler(log, (d, c) -> true, new SyncCodec(SyncLimits.STANDARD.withMaxMessageBytes(4096)));
        Outgoing reply = small.onMessage("salus/v1/A/pull/dev-a1", codec.encode(new PullRequest(0, 1000)), "salus/v1/A/pull-reply/dev-a1", null).get(0);
        assertTrue(reply.payload().length <= 4096, reply.payload().length + " bytes");
        Page page = codec.decodePage(reply.payload());
        assertTrue(page.more());
        assertTrue(page.ops().size() > 1 && page.ops().size() < 40, page.ops().size() + " ops");
        assertEquals(page.ops().get(page.ops().size() - 1).serverSeq(), page.cursor());
    }
}
