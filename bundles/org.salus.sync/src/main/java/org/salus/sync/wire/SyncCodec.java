package org.salus.sync.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.salus.core.op.CanonicalJson;
import org.salus.core.op.Hlc;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.UuidV7;
import org.salus.sync.internal.JsonObject;

/**
 * Writes and reads the messages of wire format v1: UTF-8 JSON objects with {@code "v":1} and a {@code "type"}.
 * <p>
 * Reading is strict. A message larger than the limits is refused as {@code too-large} before it is parsed; one that
 * is not UTF-8, not JSON, nested deeper than {@value CanonicalJson#MAX_DEPTH} levels, has a field that is missing,
 * unknown, of the wrong type or out of range, or an operation whose payload is not canonical JSON is
 * {@code malformed}; one of another version is {@code unsupported-version}. Each {@link WireFormatException} names
 * the field. Reading does not check hashes or chains: that is the receiver's work.
 * <p>
 * Thread-safe and stateless apart from its limits.
 */
public final class SyncCodec {

    private static final int MAX_ID = 256;
    private static final Set<String> OP_FIELDS = Set.of("opId", "clinicId", "deviceId", "userId", "entityType", "entityId", "opType",
            "deviceSeq", "hlc", "deviceTime", "schemaVersion", "payload", "prevHash", "hash", "serverSeq", "receivedAt");
    private static final Set<String> PUSH_FIELDS = Set.of("v", "type", "batchId", "clinicId", "deviceId", "ops");
    private static final Set<String> ACK_FIELDS = Set.of("v", "type", "batchId", "deviceId", "ackedDeviceSeq", "accepted", "duplicates", "rejects");
    private static final Set<String> REJECT_FIELDS = Set.of("opId", "deviceSeq", "reason", "detail");
    private static final Set<String> PULL_FIELDS = Set.of("v", "type", "cursor", "limit");
    private static final Set<String> PAGE_FIELDS = Set.of("v", "type", "ops", "cursor", "more");
    private static final Set<String> FEED_FIELDS = Set.of("v", "type", "ops");

    private final SyncLimits limits;

    /** A codec with the {@link SyncLimits#STANDARD standard} limits. */
    public SyncCodec() {
        this(SyncLimits.STANDARD);
    }

    public SyncCodec(SyncLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public SyncLimits limits() {
        return limits;
    }

    // ---------------------------------------------------------------- writing

    /** The message as UTF-8 JSON. */
    public byte[] encode(SyncMessage message) {
        if (message instanceof PushBatch || message instanceof Page || message instanceof Feed) {
            return OpsWriter.write(message);
        }
        return encodeGeneric(message);
    }

    /**
     * The message as {@link CanonicalJson} writes it from maps: the definition of the wire form, which
     * {@link OpsWriter} writes faster for the messages that carry operations (a test holds the two to the same bytes).
     */
    static byte[] encodeGeneric(SyncMessage message) {
        Map<String, Object> m = new HashMap<>();
        m.put("v", (long) SyncMessage.VERSION);
        m.put("type", message.type());
        if (message instanceof PushBatch p) {
            m.put("batchId", p.batchId());
            m.put("clinicId", p.clinicId());
            m.put("deviceId", p.deviceId());
            m.put("ops", ops(p.ops(), false));
        } else if (message instanceof Ack a) {
            m.put("batchId", a.batchId());
            m.put("deviceId", a.deviceId());
            m.put("ackedDeviceSeq", a.ackedDeviceSeq());
            m.put("accepted", (long) a.accepted());
            m.put("duplicates", (long) a.duplicates());
            List<Object> rejects = new ArrayList<>(a.rejects().size());
            for (Reject r : a.rejects()) {
                Map<String, Object> rm = new HashMap<>();
                rm.put("opId", r.opId());
                rm.put("deviceSeq", r.deviceSeq());
                rm.put("reason", r.reason().wireName());
                rm.put("detail", r.detail());
                rejects.add(rm);
            }
            m.put("rejects", rejects);
        } else if (message instanceof PullRequest r) {
            m.put("cursor", r.cursor());
            m.put("limit", (long) r.limit());
        } else if (message instanceof Page p) {
            m.put("ops", ops(p.ops(), true));
            m.put("cursor", p.cursor());
            m.put("more", p.more());
        } else if (message instanceof Feed f) {
            m.put("ops", ops(f.ops(), true));
        }
        return CanonicalJson.write(m).getBytes(StandardCharsets.UTF_8);
    }

    private static List<Object> ops(List<OpEnvelope> ops, boolean fromHub) {
        List<Object> out = new ArrayList<>(ops.size());
        for (OpEnvelope op : ops) {
            out.add(op(op, fromHub));
        }
        return out;
    }

    private static Map<String, Object> op(OpEnvelope op, boolean fromHub) {
        Map<String, Object> m = new HashMap<>();
        m.put("opId", op.opId());
        m.put("clinicId", op.clinicId());
        m.put("deviceId", op.deviceId());
        m.put("userId", op.userId());
        m.put("entityType", op.entityType());
        m.put("entityId", op.entityId());
        m.put("opType", op.opType());
        m.put("deviceSeq", op.deviceSeq());
        m.put("hlc", op.hlc());
        m.put("deviceTime", op.deviceTime());
        m.put("schemaVersion", (long) op.schemaVersion());
        m.put("payload", op.payload());
        m.put("prevHash", op.prevHash());
        m.put("hash", op.hash());
        if (fromHub) {
            m.put("serverSeq", op.serverSeq());
            m.put("receivedAt", op.receivedAt());
        }
        return m;
    }

    // ---------------------------------------------------------------- reading

    /** Reads any message of this version. */
    public SyncMessage decode(byte[] bytes) throws WireFormatException {
        JsonObject m = JsonObject.of(parse(bytes), "");
        Object v = m.raw("v");
        if (!(v instanceof Long version)) {
            throw JsonObject.malformed("v must be the integer 1, not " + (v instanceof String ? "a string" : String.valueOf(v)));
        }
        if (version != SyncMessage.VERSION) {
            throw new WireFormatException(RejectReason.UNSUPPORTED_VERSION, "the message is of wire format version " + version
                    + "; this side speaks version " + SyncMessage.VERSION);
        }
        String type = m.text("type", 32);
        return switch (type) {
            case PushBatch.TYPE -> push(m);
            case Ack.TYPE -> ack(m);
            case PullRequest.TYPE -> pull(m);
            case Page.TYPE -> page(m);
            case Feed.TYPE -> feed(m);
            default -> throw JsonObject.malformed("type '" + type + "' is not a message of version 1 (push, ack, pull, page, feed)");
        };
    }

    public PushBatch decodePush(byte[] bytes) throws WireFormatException {
        return expect(bytes, PushBatch.class, PushBatch.TYPE);
    }

    public PullRequest decodePull(byte[] bytes) throws WireFormatException {
        return expect(bytes, PullRequest.class, PullRequest.TYPE);
    }

    public Ack decodeAck(byte[] bytes) throws WireFormatException {
        return expect(bytes, Ack.class, Ack.TYPE);
    }

    public Page decodePage(byte[] bytes) throws WireFormatException {
        return expect(bytes, Page.class, Page.TYPE);
    }

    public Feed decodeFeed(byte[] bytes) throws WireFormatException {
        return expect(bytes, Feed.class, Feed.TYPE);
    }

    private <T extends SyncMessage> T expect(byte[] bytes, Class<T> type, String name) throws WireFormatException {
        SyncMessage m = decode(bytes);
        if (!type.isInstance(m)) {
            throw new WireFormatException(RejectReason.MALFORMED, "expected a message of type '" + name + "' here, not '" + m.type() + "'",
                    m instanceof PushBatch p ? p.batchId() : null);
        }
        return type.cast(m);
    }

    private Object parse(byte[] bytes) throws WireFormatException {
        if (bytes == null || bytes.length == 0) {
            throw JsonObject.malformed("the message is empty");
        }
        if (bytes.length > limits.maxMessageBytes()) {
            throw new WireFormatException(RejectReason.TOO_LARGE, "the message has " + bytes.length + " bytes; at most "
                    + limits.maxMessageBytes() + " are allowed");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw JsonObject.malformed("the message is not UTF-8 text");
        }
        try {
            return CanonicalJson.parse(text);
        } catch (IllegalArgumentException | StackOverflowError e) {
            throw JsonObject.malformed("the message is not JSON: " + e.getMessage());
        }
    }

    private PushBatch push(JsonObject m) throws WireFormatException {
        String batchId = null;
        try {
            batchId = uuid(m, "batchId");
            m.onlyKnown(PUSH_FIELDS);
            String clinicId = m.matching("clinicId", SyncTopics.CLINIC_ID, "a clinic id (letters, digits and '_', at most 64)");
            String deviceId = m.matching("deviceId", SyncTopics.DEVICE_ID, "a device id (letters, digits, '.', '_' and '-', at most 128)");
            List<?> raw = m.list("ops");
            if (raw.size() > limits.maxPushOps()) {
                throw new WireFormatException(RejectReason.TOO_LARGE, "the push holds " + raw.size() + " operations; at most "
                        + limits.maxPushOps() + " are allowed in one push");
            }
            List<OpEnvelope> ops = readOps(raw, false);
            for (int i = 1; i < ops.size(); i++) {
                if (ops.get(i).deviceSeq() <= ops.get(i - 1).deviceSeq()) {
                    throw JsonObject.malformed("ops must be in ascending deviceSeq: ops[" + i + "] has " + ops.get(i).deviceSeq()
                            + " after " + ops.get(i - 1).deviceSeq());
                }
            }
            return new PushBatch(batchId, clinicId, deviceId, ops);
        } catch (WireFormatException e) {
            throw e.inBatch(batchId);
        }
    }

    private Ack ack(JsonObject m) throws WireFormatException {
        m.onlyKnown(ACK_FIELDS);
        String batchId = m.raw("batchId") == null ? null : uuid(m, "batchId");
        String deviceId = m.matching("deviceId", SyncTopics.DEVICE_ID, "a device id");
        long acked = m.integer("ackedDeviceSeq", 0, Long.MAX_VALUE);
        int accepted = (int) m.integer("accepted", 0, Integer.MAX_VALUE);
        int duplicates = (int) m.integer("duplicates", 0, Integer.MAX_VALUE);
        List<?> raw = m.list("rejects");
        List<Reject> rejects = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            JsonObject r = JsonObject.of(raw.get(i), "rejects[" + i + "]");
            r.onlyKnown(REJECT_FIELDS);
            String opId = r.textOrNull("opId", MAX_ID);
            long seq = r.integer("deviceSeq", 0, Long.MAX_VALUE);
            String reasonName = r.text("reason", 64);
            RejectReason reason = RejectReason.fromWire(reasonName)
                    .orElseThrow(() -> JsonObject.malformed(r.at("reason") + " '" + reasonName + "' is not a reason of version 1"));
            Object detail = r.raw("detail");
            if (!(detail instanceof String d)) {
                throw JsonObject.malformed(r.at("detail") + " must be a string");
            }
            rejects.add(new Reject(opId, seq, reason, d));
        }
        return new Ack(batchId, deviceId, acked, accepted, duplicates, rejects);
    }

    private PullRequest pull(JsonObject m) throws WireFormatException {
        m.onlyKnown(PULL_FIELDS);
        long cursor = m.integer("cursor", 0, Long.MAX_VALUE);
        int limit = (int) m.integer("limit", 1, limits.maxPageOps());
        return new PullRequest(cursor, limit);
    }

    private Page page(JsonObject m) throws WireFormatException {
        m.onlyKnown(PAGE_FIELDS);
        List<OpEnvelope> ops = readOps(pageOps(m), true);
        return new Page(ops, m.integer("cursor", 0, Long.MAX_VALUE), m.bool("more"));
    }

    private Feed feed(JsonObject m) throws WireFormatException {
        m.onlyKnown(FEED_FIELDS);
        return new Feed(readOps(pageOps(m), true));
    }

    private List<?> pageOps(JsonObject m) throws WireFormatException {
        List<?> raw = m.list("ops");
        if (raw.size() > limits.maxPageOps()) {
            throw new WireFormatException(RejectReason.TOO_LARGE, "the message holds " + raw.size() + " operations; at most "
                    + limits.maxPageOps() + " are allowed");
        }
        return raw;
    }

    private List<OpEnvelope> readOps(List<?> raw, boolean fromHub) throws WireFormatException {
        List<OpEnvelope> ops = new ArrayList<>(raw.size());
        OpEnvelope previous = null;
        for (int i = 0; i < raw.size(); i++) {
            previous = readOp(JsonObject.of(raw.get(i), "ops[" + i + "]"), fromHub, previous);
            ops.add(previous);
        }
        return ops;
    }

    /** @param previous the operation before it in the same message, whose clinic and device ids passed their checks */
    private OpEnvelope readOp(JsonObject o, boolean fromHub, OpEnvelope previous) throws WireFormatException {
        o.onlyKnown(OP_FIELDS);
        String opId = o.text("opId", 36);
        if (!UuidV7.isUuidV7(opId)) {
            throw JsonObject.malformed(o.at("opId") + " must be a version 7 UUID in lower case: '" + opId + "'");
        }
        String clinicId = o.matching("clinicId", SyncTopics.CLINIC_ID, "a clinic id (letters, digits and '_', at most 64)",
                previous == null ? null : previous.clinicId());
        String deviceId = o.matching("deviceId", SyncTopics.DEVICE_ID, "a device id (letters, digits, '.', '_' and '-', at most 128)",
                previous == null ? null : previous.deviceId());
        String userId = o.text("userId", MAX_ID);
        String entityType = o.text("entityType", MAX_ID);
        String entityId = o.text("entityId", MAX_ID);
        String opType = o.text("opType", MAX_ID);
        long deviceSeq = o.integer("deviceSeq", 1, Long.MAX_VALUE);
        String hlc = o.text("hlc", Hlc.TEXT_LENGTH);
        try {
            Hlc.parse(hlc);
        } catch (IllegalArgumentException e) {
            throw JsonObject.malformed(o.at("hlc") + " must be a clock reading of 15 digits-5 digits-16 hex: '" + hlc + "'");
        }
        Instant deviceTime = o.instant("deviceTime");
        int schemaVersion = (int) o.integer("schemaVersion", 0, Integer.MAX_VALUE);
        String payload = o.text("payload", Integer.MAX_VALUE);
        if (payload.length() > limits.maxPayloadChars()) {
            throw new WireFormatException(RejectReason.TOO_LARGE, o.at("payload") + " has " + payload.length()
                    + " characters; at most " + limits.maxPayloadChars() + " are allowed");
        }
        if (!CanonicalJson.isCanonical(payload)) {
            throw JsonObject.malformed(o.at("payload") + " must be canonical JSON (sorted keys, no spaces, no floating point)");
        }
        String prevHash = o.hash("prevHash");
        String hash = o.hash("hash");
        long serverSeq = 0;
        Instant receivedAt = null;
        if (fromHub) {
            serverSeq = o.integer("serverSeq", 1, Long.MAX_VALUE);
            receivedAt = o.instant("receivedAt");
        }
        return new OpEnvelope(opId, clinicId, deviceId, userId, entityType, entityId, opType, deviceSeq, hlc, deviceTime, schemaVersion,
                payload, prevHash, hash, serverSeq, receivedAt);
    }

    private static String uuid(JsonObject m, String name) throws WireFormatException {
        String s = m.text(name, 36);
        try {
            if (s.length() == 36 && UUID.fromString(s).toString().equals(s)) {
                return s;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw JsonObject.malformed(m.at(name) + " must be a UUID in lower case: '" + s + "'");
    }
}
