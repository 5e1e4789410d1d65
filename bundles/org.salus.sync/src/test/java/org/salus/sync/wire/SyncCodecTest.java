package org.salus.sync.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;

class SyncCodecTest {

    private final SyncCodec codec = new SyncCodec();
    private final String batchId = UUID.randomUUID().toString();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String pushJson(String opsJson) {
        return "{\"v\":1,\"type\":\"push\",\"batchId\":\"" + batchId + "\",\"clinicId\":\"A\",\"deviceId\":\"dev-a1\",\"ops\":" + opsJson + "}";
    }

    private String opJson(OpEnvelope op) {
        String all = new String(codec.encode(new PushBatch(batchId, "A", "dev-a1", List.of(op))), StandardCharsets.UTF_8);
        return all.substring(all.indexOf("\"ops\":[") + 7, all.lastIndexOf("]"));
    }

    private WireFormatException refused(String json) {
        return assertThrows(WireFormatException.class, () -> codec.decode(utf8(json)));
    }

    @Test
    void messagesWithOperationsAreTheBytesTheGenericWriterMakes() throws Exception {
        List<OpEnvelope> ops = new java.util.ArrayList<>(new Chains("A", "dev-a1").next(3));
        // every character that needs an escape, text beyond ASCII and beyond the BMP, and absent times
        OpEnvelope odd = ops.get(0);
        ops.add(new OpEnvelope(odd.opId(), "A", "dev-a1", "u\u0001\u001f\t\n\r\b\f\"\\/é€\ud83d\ude00\u2028\u007f", "Note", "n-1",
                "note.write", 4, odd.hlc(), odd.deviceTime(), 0, "{\"text\":\"a \\\"quoted\\\" line\\n\"}", odd.hash(), odd.hash(), 0, null));
        Instant received = Instant.parse("2026-01-05T09:30:00.120Z");
        List<OpEnvelope> served = new java.util.ArrayList<>();
        for (OpEnvelope op : ops) {
            served.add(op.acceptedByHub(served.size() + 7, received));
        }
        for (SyncMessage m : List.of(new PushBatch(batchId, "A", "dev-a1", ops), new PushBatch(batchId, "A", "dev-a1", List.of()),
                new Page(served, 10, true), new Page(List.of(), 6, false), new Feed(served), new Feed(List.of()))) {
            assertEquals(new String(SyncCodec.encodeGeneric(m), StandardCharsets.UTF_8), new String(codec.encode(m), StandardCharsets.UTF_8),
                    m.type());
            assertArrayEquals(SyncCodec.encodeGeneric(m), codec.encode(m), m.type());
        }
        assertEquals(new Page(served.subList(0, 3), 9, true), assertInstanceOf(Page.class, codec.decode(codec.encode(new Page(served.subList(0, 3),
                9, true)))));
    }

    @Test
    void everyMessageSurvivesARoundTrip() throws Exception {
        List<OpEnvelope> ops = new Chains("A", "dev-a1").next(3);
        PushBatch push = new PushBatch(batchId, "A", "dev-a1", ops);
        assertEquals(push, codec.decode(codec.encode(push)));
        for (OpEnvelope op : push.ops()) {
            assertTrue(OpHashes.hashMatches(op), "the hash still matches after the round trip");
        }

        Ack ack = new Ack(batchId, "dev-a1", 2, 2, 1, List.of(new Reject(ops.get(2).opId(), 3, RejectReason.BAD_HASH, "its content \"differs\""),
                Reject.ofMessage(RejectReason.TOO_LARGE, "too big")));
        assertEquals(ack, codec.decode(codec.encode(ack)));
        Ack noBatch = new Ack(null, "dev-a1", 0, 0, 0, List.of(Reject.ofMessage(RejectReason.MALFORMED, "x")));
        assertEquals(noBatch, codec.decodeAck(codec.encode(noBatch)));

        assertEquals(new PullRequest(42, 1000), codec.decode(codec.encode(new PullRequest(42, 1000))));

        Instant received = Instant.parse("2026-01-05T09:30:00.125Z");
        List<OpEnvelope> served = List.of(ops.get(0).acceptedByHub(7, received), ops.get(1).acceptedByHub(8, received));
        Page page = new Page(served, 8, true);
        assertEquals(page, codec.decode(codec.encode(page)));
        Feed feed = new Feed(served);
        assertEquals(feed, codec.decode(codec.encode(feed)));
    }

    @Test
    void theWireFormIsTheDocumentedOne() {
        byte[] pull = codec.encode(new PullRequest(0, 100));
        assertEquals("{\"cursor\":0,\"limit\":100,\"type\":\"pull\",\"v\":1}", new String(pull, StandardCharsets.UTF_8));
        String op = opJson(new Chains("A", "dev-a1").next());
        for (String field : List.of("opId", "clinicId", "deviceId", "userId", "entityType", "entityId", "opType", "deviceSeq", "hlc",
                "deviceTime", "schemaVersion", "payload", "prevHash", "hash")) {
            assertTrue(op.contains("\"" + field + "\":"), field + " in " + op);
        }
        assertFalse(op.contains("serverSeq"), "a device's push carries no serverSeq");
        assertTrue(op.contains("\"deviceTime\":\"2026-01-01T00:00:00.007Z\""), op);
    }

    @Test
    void malformedTextIsRefusedAsMalformed() {
        for (String bad : List.of("", "not json", "{", "[1,2]", "{\"v\":1,\"type\":\"pull\",\"cursor\":0,\"limit\":1} trailing",
                "{\"v\":1,\"v\":1,\"type\":\"pull\",\"cursor\":0,\"limit\":1}", "\"just a string\"")) {
            WireFormatException e = refused(bad);
            assertEquals(RejectReason.MALFORMED, e.reason(), bad);
        }
        WireFormatException notUtf8 = assertThrows(WireFormatException.class, () -> codec.decode(new byte[] { '{', (byte) 0xC3, '}' }));
        assertEquals(RejectReason.MALFORMED, notUtf8.reason());
        assertEquals("the message is not UTF-8 text", notUtf8.detail());
    }

    @Test
    void anotherVersionIsRefusedAsUnsupportedVersion() {
        WireFormatException e = refused("{\"v\":2,\"type\":\"push\",\"whatever\":[]}");
        assertEquals(RejectReason.UNSUPPORTED_VERSION, e.reason());
        assertEquals("the message is of wire format version 2; this side speaks version 1", e.detail());
        assertEquals(RejectReason.MALFORMED, refused("{\"v\":\"1\",\"type\":\"pull\",\"cursor\":0,\"limit\":1}").reason(), "a string is no version");
        assertEquals(RejectReason.MALFORMED, refused("{\"type\":\"pull\",\"cursor\":0,\"limit\":1}").reason(), "no version at all");
    }

    @Test
    void aMissingFieldIsNamed() throws Exception {
        WireFormatException e = refused("{\"v\":1,\"type\":\"pull\",\"cursor\":0}");
        assertEquals(RejectReason.MALFORMED, e.reason());
        assertEquals("limit is missing", e.detail());

        String op = opJson(new Chains("A", "dev-a1").next());
        String withoutHash = op.replaceAll(",\"hash\":\"[0-9a-f]{64}\"", "");
        WireFormatException inOp = refused(pushJson("[" + op + "," + withoutHash + "]"));
        assertEquals("ops[1].hash is missing", inOp.detail());
        assertEquals(batchId, inOp.batchId(), "the batch id is kept for the ack");
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        assertEquals("cursor must be an integer from 0 to 9223372036854775807, not a string",
                refused("{\"v\":1,\"type\":\"pull\",\"cursor\":\"0\",\"limit\":1}").detail());
        assertEquals("cursor must be an integer from 0 to 9223372036854775807, not the number 1.5",
                refused("{\"v\":1,\"type\":\"pull\",\"cursor\":1.5,\"limit\":1}").detail());
        assertEquals("ops must be an array, not an object", refused(pushJson("{}")).detail());
        String op = opJson(new Chains("A", "dev-a1").next());
        assertEquals("ops[0].deviceSeq must be an integer from 1 to 9223372036854775807, not a string",
                refused(pushJson("[" + op.replaceFirst("\"deviceSeq\":1", "\"deviceSeq\":\"1\"") + "]")).detail());
        assertEquals(RejectReason.MALFORMED, refused(pushJson("[" + op.replaceFirst("\"opId\":\"[^\"]+\"", "\"opId\":\"x\"") + "]")).reason());
        assertEquals(RejectReason.MALFORMED, refused(pushJson("[" + op.replaceFirst("\"deviceTime\":\"[^\"]+\"",
                "\"deviceTime\":\"2026-01-01T00:00:00.000001Z\"") + "]")).reason(), "sub-millisecond time is not hashed");
        assertEquals("ops[0].payload must be canonical JSON (sorted keys, no spaces, no floating point)",
                refused(pushJson("[" + op.replaceFirst("\"payload\":\"\\{", "\"payload\":\"{ ") + "]")).detail());
        assertEquals("limit must be from 1 to 1000, not 1001", refused("{\"v\":1,\"type\":\"pull\",\"cursor\":0,\"limit\":1001}").detail());
        assertEquals("surprise is not a field of this message in version 1",
                refused("{\"v\":1,\"type\":\"pull\",\"cursor\":0,\"limit\":1,\"surprise\":true}").detail());
        assertEquals(RejectReason.MALFORMED, refused("{\"v\":1,\"type\":\"gossip\"}").reason());
    }

    @Test
    void aPayloadNumberWithAHugeExponentIsRefusedAsMalformed() {
        // checking it once meant writing it out plain, which overflowed with an ArithmeticException after seconds
        String op = opJson(new Chains("A", "dev-a1").next());
        String huge = op.replaceFirst("\"payload\":\"\\{", "\"payload\":\"{\\\\\"0\\\\\":1e999999999,");
        assertTrue(huge.contains("1e999999999"), huge);
        WireFormatException e = refused(pushJson("[" + huge + "]"));
        assertEquals(RejectReason.MALFORMED, e.reason());
        assertEquals("ops[0].payload must be canonical JSON (sorted keys, no spaces, no floating point)", e.detail());
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        WireFormatException e = refused("{\"v\":1,\"type\":\"pull\",\"cursor\":0,\"limit\":1,\"x\":" + deep + "}");
        assertEquals(RejectReason.MALFORMED, e.reason());
        assertTrue(e.detail().contains("nested deeper than"), e.detail());
    }

    @Test
    void oversizedMessagesAndBatchesAreRefusedAsTooLarge() throws Exception {
        SyncCodec small = new SyncCodec(SyncLimits.STANDARD.withMaxMessageBytes(4096));
        byte[] big = codec.encode(new PushBatch(batchId, "A", "dev-a1", new Chains("A", "dev-a1").next(20)));
        assertTrue(big.length > 4096);
        WireFormatException e = assertThrows(WireFormatException.class, () -> small.decode(big));
        assertEquals(RejectReason.TOO_LARGE, e.reason());
        assertEquals("the message has " + big.length + " bytes; at most 4096 are allowed", e.detail());

        byte[] tooMany = codec.encode(new PushBatch(batchId, "A", "dev-a1", new Chains("A", "dev-a1").next(501)));
        WireFormatException many = assertThrows(WireFormatException.class, () -> codec.decodePush(tooMany));
        assertEquals(RejectReason.TOO_LARGE, many.reason());
        assertEquals(batchId, many.batchId());
        PushBatch fits = codec.decodePush(codec.encode(new PushBatch(batchId, "A", "dev-a1", new Chains("A", "dev-a1").next(500))));
        assertEquals(500, fits.ops().size());
    }

    @Test
    void opsOutOfOrderAndTheWrongMessageTypeAreMalformed() throws Exception {
        List<OpEnvelope> ops = new Chains("A", "dev-a1").next(2);
        byte[] reversed = codec.encode(new PushBatch(batchId, "A", "dev-a1", List.of(ops.get(1), ops.get(0))));
        assertEquals("ops must be in ascending deviceSeq: ops[1] has 1 after 2",
                assertThrows(WireFormatException.class, () -> codec.decodePush(reversed)).detail());
        byte[] pull = codec.encode(new PullRequest(0, 10));
        assertEquals("expected a message of type 'push' here, not 'pull'",
                assertThrows(WireFormatException.class, () -> codec.decodePush(pull)).detail());
        assertInstanceOf(PullRequest.class, codec.decode(pull));
    }

    @Test
    void pageOpsMustCarryServerFields() {
        OpEnvelope op = new Chains("A", "dev-a1").next();
        byte[] feedWithoutServerSeq = codec.encode(new PushBatch(batchId, "A", "dev-a1", List.of(op)));
        String text = new String(feedWithoutServerSeq, StandardCharsets.UTF_8);
        String feed = "{\"v\":1,\"type\":\"feed\",\"ops\":" + text.substring(text.indexOf("["), text.lastIndexOf("]") + 1) + "}";
        assertEquals("ops[0].serverSeq is missing", refused(feed).detail());
    }

    @Test
    void topicsAreBuiltAndReadBack() {
        assertEquals("salus/v1/A/push/dev-a1", SyncTopics.push("A", "dev-a1"));
        assertEquals("salus/v1/A/pull-reply/dev.a1", SyncTopics.pullReply("A", "dev.a1"));
        assertEquals("$share/hub/salus/v1/+/push/#", SyncTopics.sharedFilter("hub", SyncTopics.Kind.PUSH));
        assertEquals(new SyncTopics.Address("A", SyncTopics.Kind.PUSH, "dev-a1"), SyncTopics.parse("salus/v1/A/push/dev-a1").orElseThrow());
        assertEquals(new SyncTopics.Address("B_2", SyncTopics.Kind.FEED, null), SyncTopics.parse("salus/v1/B_2/feed").orElseThrow());
        for (String bad : List.of("salus/v2/A/push/d", "salus/v1/A-x/push/d", "salus/v1/A/push/", "salus/v1/A/push/d/e", "salus/v1/A/shove/d",
                "salus/v1/A/feed/x")) {
            assertTrue(SyncTopics.parse(bad).isEmpty(), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> SyncTopics.push("A/B", "d"));
        assertNull(SyncTopics.parse("salus/v1/A/feed").orElseThrow().deviceId());
        assertArrayEquals(new byte[0], new byte[0]);
    }
}
