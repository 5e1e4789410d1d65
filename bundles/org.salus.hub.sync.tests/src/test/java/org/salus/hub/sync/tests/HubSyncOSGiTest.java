package org.salus.hub.sync.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.sync.wire.Ack;
import org.salus.sync.wire.Feed;
import org.salus.sync.wire.Page;
import org.salus.sync.wire.PushBatch;
import org.salus.sync.wire.Reject;
import org.salus.sync.wire.RejectReason;
import org.salus.sync.wire.SyncTopics;

/** Devices push, pull and listen to the feed through a real broker; the hub answers from its H2 hub log. */
class HubSyncOSGiTest {

    private static SyncHub hub;

    @BeforeAll
    static void startHub() throws Exception {
        hub = SyncHub.get();
    }

    private static List<String> ids(List<OpEnvelope> ops) {
        return ops.stream().map(OpEnvelope::opId).toList();
    }

    private static Reject onlyReject(Ack ack) {
        assertEquals(1, ack.rejects().size(), "one reject in " + ack);
        return ack.rejects().get(0);
    }

    @Test
    void aPushIsAckedWithTheHighestDeviceSeqTheHubHolds() throws Exception {
        String clinic = hub.newClinic();
        try (Device a1 = hub.device(clinic)) {
            List<OpEnvelope> first = a1.chain.next(3);
            Ack ack = a1.push(first);
            assertEquals(3, ack.ackedDeviceSeq());
            assertEquals(3, ack.accepted());
            assertEquals(0, ack.duplicates());
            assertEquals(List.of(), ack.rejects());
            assertEquals(a1.deviceId, ack.deviceId());

            List<OpEnvelope> second = a1.chain.next(2);
            assertEquals(5, a1.push(second).ackedDeviceSeq());

            List<OpEnvelope> held = a1.pullAll(100);
            List<OpEnvelope> pushed = new ArrayList<>(first);
            pushed.addAll(second);
            assertEquals(ids(pushed), ids(held));
            for (int i = 0; i < held.size(); i++) {
                OpEnvelope h = held.get(i);
                assertEquals(i + 1, h.serverSeq());
                assertTrue(OpHashes.hashMatches(h), "the hub keeps every hashed field as it came");
                assertEquals(pushed.get(i).hash(), h.hash());
                assertEquals(pushed.get(i).payload(), h.payload());
                assertTrue(h.receivedAt() != null);
            }
        }
    }

    @Test
    void theSamePushRedeliveredIsAppliedOnce() throws Exception {
        String clinic = hub.newClinic();
        try (Device d = hub.device(clinic)) {
            List<OpEnvelope> ops = d.chain.next(6);
            String batchId = UUID.randomUUID().toString();
            byte[] push = Device.CODEC.encode(new PushBatch(batchId, clinic, d.deviceId, ops.subList(0, 4)));
            String topic = SyncTopics.push(clinic, d.deviceId);
            d.publish(topic, push);
            Ack first = d.awaitAck(a -> batchId.equals(a.batchId()));
            assertEquals(4, first.accepted());

            // what at-least-once delivery does after a lost ack: the very same message again
            d.publish(topic, push);
            Ack again = d.awaitAck(a -> batchId.equals(a.batchId()));
            assertEquals(0, again.accepted());
            assertEquals(4, again.duplicates());
            assertEquals(4, again.ackedDeviceSeq());
            assertEquals(List.of(), again.rejects());

            Ack overlapping = d.push(ops.subList(2, 6));
            assertEquals(2, overlapping.duplicates());
            assertEquals(2, overlapping.accepted());
            assertEquals(6, overlapping.ackedDeviceSeq());

            List<OpEnvelope> held = d.pullAll(100);
            assertEquals(ids(ops), ids(held), "each operation once, in chain order");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), held.stream().map(OpEnvelope::serverSeq).toList());
        }
    }

    @Test
    void eachBadPushGetsItsReasonAndTheHubKeepsServingAnotherDevice() throws Exception {
        String clinic = hub.newClinic();
        String otherClinic = hub.newClinic();
        try (Device bad = hub.device(clinic); Device good = hub.device(clinic)) {
            String topic = SyncTopics.push(clinic, bad.deviceId);
            List<OpEnvelope> ops = bad.chain.next(3);
            assertEquals(1, bad.push(ops.subList(0, 1)).ackedDeviceSeq());
            int served = 0;

            Reject forged = onlyReject(bad.push(List.of(ops.get(1).withHash("0123456789abcdef".repeat(4)))));
            assertEquals(RejectReason.BAD_HASH, forged.reason());
            assertEquals(ops.get(1).opId(), forged.opId());
            assertEquals(2, forged.deviceSeq());
            assertEquals(++served, good.push(good.chain.next(1)).ackedDeviceSeq(), "the hub keeps serving another device");

            Chain fork = new Chain(clinic, bad.deviceId);
            fork.next();
            Ack broken = bad.push(List.of(fork.next()));
            assertEquals(RejectReason.CHAIN_BREAK, onlyReject(broken).reason());
            assertEquals(1, broken.ackedDeviceSeq());
            assertEquals(++served, good.push(good.chain.next(1)).ackedDeviceSeq());

            Reject gap = onlyReject(bad.push(List.of(ops.get(2))));
            assertEquals(RejectReason.SEQ_GAP, gap.reason());
            assertEquals(3, gap.deviceSeq());
            assertEquals(++served, good.push(good.chain.next(1)).ackedDeviceSeq());

            Reject stranger = onlyReject(bad.push(List.of(new Chain(otherClinic, bad.deviceId).next())));
            assertEquals(RejectReason.WRONG_CLINIC, stranger.reason());
            assertEquals(++served, good.push(good.chain.next(1)).ackedDeviceSeq());

            String impostor = UUID.randomUUID().toString();
            bad.publish(topic, Device.CODEC.encode(new PushBatch(impostor, clinic, good.deviceId, new Chain(clinic, good.deviceId).next(1))));
            Ack wrongDevice = bad.awaitAck(a -> impostor.equals(a.batchId()));
            assertEquals(RejectReason.WRONG_DEVICE, onlyReject(wrongDevice).reason());
            assertEquals(0, wrongDevice.accepted());
            assertEquals(++served, good.push(good.chain.next(1)).ackedDeviceSeq());

            bad.publish(topic, "{\"v\":1,\"type\":\"push\",\"ops\":[".getBytes(StandardCharsets.UTF_8));
            Ack malformed = bad.awaitAck(a -> a.batchId() == null);
            assertEquals(RejectReason.MALFORMED, onlyReject(malformed).reason());
            assertEquals(1, malformed.ackedDeviceSeq(), "even an unreadable push learns where its chain stands");
            assertEquals(++served, good.push(good.chain.next(1)).ackedDeviceSeq());

            bad.publish(topic, "{\"v\":2,\"type\":\"push\",\"batches\":[]}".getBytes(StandardCharsets.UTF_8));
            assertEquals(RejectReason.UNSUPPORTED_VERSION, onlyReject(bad.awaitAck(a -> a.batchId() == null)).reason());
            assertEquals(++served, good.push(good.chain.next(1)).ackedDeviceSeq());

            String bigId = UUID.randomUUID().toString();
            byte[] big = Device.CODEC.encode(new PushBatch(bigId, clinic, bad.deviceId, new Chain(clinic, bad.deviceId).next(150)));
            assertTrue(big.length > SyncHub.MAX_MESSAGE_BYTES, big.length + " bytes");
            bad.publish(topic, big);
            Reject tooLarge = onlyReject(bad.awaitAck(a -> a.batchId() == null));
            assertEquals(RejectReason.TOO_LARGE, tooLarge.reason());
            assertEquals("the message has " + big.length + " bytes; at most " + SyncHub.MAX_MESSAGE_BYTES + " are allowed", tooLarge.detail());
            assertEquals(++served, good.push(good.chain.next(1)).ackedDeviceSeq());

            // a device the hub never enrolled, on a topic of this clinic
            String ghost = "ghost-" + hub.runTag;
            String ghostBatch = UUID.randomUUID().toString();
            byte[] ghostPush = Device.CODEC.encode(new PushBatch(ghostBatch, clinic, ghost, new Chain(clinic, ghost).next(1)));
            if (hub.external) {
                // an anonymous external broker lets it through: the hub itself refuses it
                bad.listenToAcksOf(ghost);
                bad.publish(SyncTopics.push(clinic, ghost), ghostPush);
                Ack forbidden = bad.awaitAck(a -> ghostBatch.equals(a.batchId()));
                assertEquals(RejectReason.FORBIDDEN, onlyReject(forbidden).reason());
                assertEquals(ghost, forbidden.deviceId());
            } else {
                // the hub's own broker lets a device publish on its own push topic only (ADR 0011)
                assertEquals(0x87, bad.publishForReason(SyncTopics.push(clinic, ghost), ghostPush), "not authorised");
            }
            assertEquals(++served, good.push(good.chain.next(1)).ackedDeviceSeq());

            // the device repairs from its ack: it pushes again what follows the last acked deviceSeq
            Ack repaired = bad.push(ops.subList(1, 3));
            assertEquals(3, repaired.ackedDeviceSeq());
            assertEquals(2, repaired.accepted());
            Map<String, Long> lastSeq = new HashMap<>();
            List<OpEnvelope> held = good.pullAll(1000);
            for (OpEnvelope op : held) {
                assertEquals(lastSeq.getOrDefault(op.deviceId(), 0L) + 1, op.deviceSeq(), "no refused operation was stored");
                lastSeq.put(op.deviceId(), op.deviceSeq());
            }
            assertEquals(Map.of(bad.deviceId, 3L, good.deviceId, (long) served), lastSeq);
        }
    }

    @Test
    void workRecordedBeforeEnrolmentIsTakenAsTheEnrolledClinicsUntilTheDevicesFirstOperationOfIt() throws Exception {
        String clinic = hub.newClinic();
        String otherClinic = hub.newClinic();
        try (Device d = hub.device(clinic); Device peer = hub.device(clinic); Device stranger = hub.device(otherClinic)) {
            d.chain.clinicId = "unassigned";
            List<OpEnvelope> early = d.chain.next(3);
            Ack first = d.push(early.subList(0, 2));
            assertEquals(List.of(), first.rejects());
            assertEquals(2, first.accepted());
            assertEquals(2, first.ackedDeviceSeq());

            // one batch: the last unassigned one, then the device's first operations of its clinic, then unassigned again
            d.chain.clinicId = clinic;
            List<OpEnvelope> enrolled = d.chain.next(2);
            d.chain.clinicId = "unassigned";
            OpEnvelope late = d.chain.next();
            List<OpEnvelope> batch = new ArrayList<>(List.of(early.get(2)));
            batch.addAll(enrolled);
            batch.add(late);
            Ack mixed = d.push(batch);
            assertEquals(3, mixed.accepted());
            assertEquals(5, mixed.ackedDeviceSeq());
            Reject refused = onlyReject(mixed);
            assertEquals(RejectReason.WRONG_CLINIC, refused.reason());
            assertEquals(6, refused.deviceSeq());
            assertTrue(refused.detail().contains("deviceSeq 5"), refused.detail());
            // and in a batch of its own, checked against the operation the hub holds
            Ack again = d.push(List.of(late));
            assertEquals(RejectReason.WRONG_CLINIC, onlyReject(again).reason());
            assertEquals(5, again.ackedDeviceSeq());
            // the early ones again, as after a lost ack: duplicates, not refusals
            Ack redelivered = d.push(early);
            assertEquals(List.of(), redelivered.rejects());
            assertEquals(3, redelivered.duplicates());

            // another device of the clinic gets them on the feed and by pull, under the clinic, each as it was written
            List<OpEnvelope> expected = new ArrayList<>(early);
            expected.addAll(enrolled);
            List<OpEnvelope> held = peer.pullAll(100);
            assertEquals(ids(expected), ids(held));
            for (int i = 0; i < held.size(); i++) {
                assertEquals(expected.get(i).clinicId(), held.get(i).clinicId());
                assertTrue(OpHashes.hashMatches(held.get(i)), "the hub keeps the clinic each operation names");
                assertEquals(i + 1, held.get(i).serverSeq());
            }
            assertEquals(ids(early.subList(0, 2)), ids(peer.nextFeed().ops()));

            // a device of the clinic cannot push another device's unassigned work, nor can one of another clinic
            Chain foreign = new Chain("unassigned", "pre-" + hub.runTag);
            List<OpEnvelope> foreignOps = foreign.next(2);
            assertEquals(RejectReason.WRONG_DEVICE, peer.push(foreignOps).rejects().get(0).reason());
            Ack intoOther = stranger.push(early);
            assertEquals(0, intoOther.accepted());
            assertEquals(RejectReason.WRONG_DEVICE, intoOther.rejects().get(0).reason());
            // a device enrolled for the other clinic pushes its own unassigned work: it lands in its own clinic, never in this one
            stranger.chain.clinicId = "unassigned";
            assertEquals(2, stranger.push(stranger.chain.next(2)).accepted());
            assertEquals(ids(expected), ids(peer.pullAll(100)), "nothing of the other clinic's device reached this clinic");
            assertEquals(2, stranger.pullAll(100).size());
        }
    }

    @Test
    void anUnassignedOperationAfterTheDevicesFirstOperationOfItsClinicIsRefused() throws Exception {
        String clinic = hub.newClinic();
        try (Device d = hub.device(clinic)) {
            assertEquals(1, d.push(d.chain.next(1)).accepted());
            d.chain.clinicId = "unassigned";
            Ack ack = d.push(d.chain.next(2));
            assertEquals(0, ack.accepted());
            assertEquals(1, ack.ackedDeviceSeq());
            assertEquals(RejectReason.WRONG_CLINIC, ack.rejects().get(0).reason());
            assertEquals(2, ack.rejects().size(), "the chain after it waits");
        }
    }

    @Test
    void pullPagesByCursorAreCompleteAndOrdered() throws Exception {
        String clinic = hub.newClinic();
        try (Device a = hub.device(clinic); Device b = hub.device(clinic); Device reader = hub.device(clinic)) {
            Set<String> pushed = new HashSet<>();
            for (int round = 0; round < 4; round++) {
                List<OpEnvelope> fromA = a.chain.next(10);
                List<OpEnvelope> fromB = b.chain.next(7);
                assertEquals(10, a.push(fromA).accepted());
                assertEquals(7, b.push(fromB).accepted());
                pushed.addAll(ids(fromA));
                pushed.addAll(ids(fromB));
            }
            List<OpEnvelope> seen = new ArrayList<>();
            long cursor = 0;
            int pages = 0;
            while (true) {
                Page p = reader.pull(cursor, 9);
                pages++;
                assertTrue(p.ops().size() <= 9);
                for (OpEnvelope op : p.ops()) {
                    assertEquals(cursor + 1, op.serverSeq(), "pages continue exactly after their cursor");
                    cursor = op.serverSeq();
                }
                assertEquals(cursor, p.cursor(), "a page's cursor is its last serverSeq");
                seen.addAll(p.ops());
                if (!p.more()) {
                    break;
                }
                assertEquals(9, p.ops().size(), "only the last page is short");
            }
            assertEquals(68, seen.size());
            assertEquals(8, pages);
            assertEquals(pushed, new HashSet<>(ids(seen)), "every pushed operation, each once");
            Page end = reader.pull(68, 10);
            assertEquals(List.of(), end.ops());
            assertEquals(68, end.cursor(), "an empty page keeps the cursor");
            assertFalse(end.more());
        }
    }

    @Test
    void theFeedReachesASecondDeviceOfTheClinicAndNoOtherClinic() throws Exception {
        String clinicA = hub.newClinic();
        String clinicB = hub.newClinic();
        try (Device a1 = hub.device(clinicA); Device a2 = hub.device(clinicA); Device b1 = hub.device(clinicB); Device b2 = hub.device(clinicB)) {
            List<OpEnvelope> ops = a1.chain.next(3);
            assertEquals(3, a1.push(ops).accepted());
            Feed atA2 = a2.nextFeed();
            assertEquals(ids(ops), ids(atA2.ops()));
            assertEquals(List.of(1L, 2L, 3L), atA2.ops().stream().map(OpEnvelope::serverSeq).toList());
            assertEquals(ops.get(2).hash(), atA2.ops().get(2).hash());

            List<OpEnvelope> own = b2.chain.next(1);
            assertEquals(1, b2.push(own).accepted());
            // the hub fed clinic A before it took b2's push, over one connection: had A's feed reached b1, it would come first
            Feed atB1 = b1.nextFeed();
            assertEquals(ids(own), ids(atB1.ops()), "b1 gets only its own clinic's feed");
            assertNull(atB1.ops().stream().filter(o -> o.clinicId().equals(clinicA)).findAny().orElse(null));
        }
    }
}
