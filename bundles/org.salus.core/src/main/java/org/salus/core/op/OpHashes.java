package org.salus.core.op;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical byte form of an operation and its SHA-256 hash.
 * <p>
 * The byte form starts with the ASCII tag {@code salus-op/1} and a line feed, then every envelope field except
 * {@code hash}, {@code serverSeq} and {@code receivedAt}, in this order: opId, clinicId, deviceId, userId, entityType,
 * entityId, opType, deviceSeq, hlc, deviceTime, schemaVersion, payload, prevHash. A text is a 4-byte big-endian length
 * followed by its UTF-8 bytes; deviceSeq is 8 bytes big-endian; deviceTime is its Unix milliseconds as 8 bytes;
 * schemaVersion is 4 bytes. The hash chain links each operation of a device to the one before it by {@code prevHash};
 * the first operation of a device links to {@link #GENESIS}.
 */
public final class OpHashes {

    /** The prevHash of a device's first operation: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] TAG = "salus-op/1\n".getBytes(StandardCharsets.US_ASCII);

    private OpHashes() {
    }

    /** The bytes the hash is computed over. */
    public static byte[] canonicalBytes(OpEnvelope op) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + op.payload().length());
        out.writeBytes(TAG);
        text(out, op.opId());
        text(out, op.clinicId());
        text(out, op.deviceId());
        text(out, op.userId());
        text(out, op.entityType());
        text(out, op.entityId());
        text(out, op.opType());
        int64(out, op.deviceSeq());
        text(out, op.hlc());
        int64(out, op.deviceTime().toEpochMilli());
        int32(out, op.schemaVersion());
        text(out, op.payload());
        text(out, op.prevHash());
        return out.toByteArray();
    }

    /** The lower-case hex SHA-256 of {@link #canonicalBytes(OpEnvelope)}. */
    public static String hashOf(OpEnvelope op) {
        return HexFormat.of().formatHex(sha256().digest(canonicalBytes(op)));
    }

    /** Whether an operation's stored hash matches its content. */
    public static boolean hashMatches(OpEnvelope op) {
        return op.hash() != null && hashOf(op).equals(op.hash());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int32(out, b.length);
        out.writeBytes(b);
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void int64(ByteArrayOutputStream out, long v) {
        int32(out, (int) (v >>> 32));
        int32(out, (int) v);
    }
}
