package org.salus.core.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class OpHashesTest {

    static OpEnvelope sample() {
        return new OpEnvelope("0193528c-2e7b-7000-8000-000000000001", "clinic-1", "device-a", "nurse-7", "StockMovement", "m-1",
                "stock.dispense", 3, "001732252800123-00000-9f86d081884c7d65", Instant.parse("2026-11-22T08:00:00.123Z"), 1,
                "{\"quantity\":-5}", "a".repeat(64), null, 0, null);
    }

    @Test
    void hashIsSha256OfTheDocumentedByteForm() throws Exception {
        OpEnvelope op = sample();
        byte[] bytes = OpHashes.canonicalBytes(op);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("salus-op/1\n\0\0\0\u0024" + op.opId()), "starts with the tag and the length-prefixed opId");
        assertTrue(text.endsWith("\0\0\0\u0040" + "a".repeat(64)), "ends with the length-prefixed prevHash");
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(expected, OpHashes.hashOf(op));
        assertEquals(64, OpHashes.hashOf(op).length());
    }

    @Test
    void everyHashedFieldChangesTheHash() {
        OpEnvelope op = sample();
        String base = OpHashes.hashOf(op);
        List<UnaryOperator<OpEnvelope>> changes = List.of(
                o -> copy(o, "opId", "0193528c-2e7b-7000-8000-000000000002"),
                o -> copy(o, "clinicId", "clinic-2"),
                o -> copy(o, "deviceId", "device-b"),
                o -> copy(o, "userId", "nurse-8"),
                o -> copy(o, "entityType", "StockBatch"),
                o -> copy(o, "entityId", "m-2"),
                o -> copy(o, "opType", "stock.adjust"),
                o -> new OpEnvelope(o.opId(), o.clinicId(), o.deviceId(), o.userId(), o.entityType(), o.entityId(), o.opType(), 4, o.hlc(),
                        o.deviceTime(), o.schemaVersion(), o.payload(), o.prevHash(), null, 0, null),
                o -> copy(o, "hlc", "001732252800123-00001-9f86d081884c7d65"),
                o -> new OpEnvelope(o.opId(), o.clinicId(), o.deviceId(), o.userId(), o.entityType(), o.entityId(), o.opType(),
                        o.deviceSeq(), o.hlc(), o.deviceTime().plusMillis(1), o.schemaVersion(), o.payload(), o.prevHash(), null, 0, null),
                o -> new OpEnvelope(o.opId(), o.clinicId(), o.deviceId(), o.userId(), o.entityType(), o.entityId(), o.opType(),
                        o.deviceSeq(), o.hlc(), o.deviceTime(), 2, o.payload(), o.prevHash(), null, 0, null),
                o -> copy(o, "payload", "{\"quantity\":-6}"),
                o -> copy(o, "prevHash", "b".repeat(64)));
        for (UnaryOperator<OpEnvelope> change : changes) {
            assertNotEquals(base, OpHashes.hashOf(change.apply(op)));
        }
    }

    @Test
    void hubFieldsAndTheHashItselfAreOutsideTheHash() {
        OpEnvelope sealed = sample().sealed();
        assertTrue(OpHashes.hashMatches(sealed));
        OpEnvelope accepted = sealed.acceptedByHub(991, Instant.parse("2026-11-22T09:00:00Z"));
        assertEquals(sealed.hash(), OpHashes.hashOf(accepted));
        assertTrue(OpHashes.hashMatches(accepted));
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        // "ab" + "c" and "a" + "bc" must not hash alike: lengths are part of the byte form
        OpEnvelope one = copy(copy(sample(), "clinicId", "ab"), "deviceId", "c");
        OpEnvelope two = copy(copy(sample(), "clinicId", "a"), "deviceId", "bc");
        assertNotEquals(OpHashes.hashOf(one), OpHashes.hashOf(two));
    }

    @Test
    void genesisIsSixtyFourZeros() {
        assertEquals(64, OpHashes.GENESIS.length());
        assertTrue(OpHashes.GENESIS.chars().allMatch(c -> c == '0'));
    }

    static OpEnvelope copy(OpEnvelope o, String field, String v) {
        return new OpEnvelope(field.equals("opId") ? v : o.opId(), field.equals("clinicId") ? v : o.clinicId(),
                field.equals("deviceId") ? v : o.deviceId(), field.equals("userId") ? v : o.userId(),
                field.equals("entityType") ? v : o.entityType(), field.equals("entityId") ? v : o.entityId(),
                field.equals("opType") ? v : o.opType(), o.deviceSeq(), field.equals("hlc") ? v : o.hlc(), o.deviceTime(),
                o.schemaVersion(), field.equals("payload") ? v : o.payload(), field.equals("prevHash") ? v : o.prevHash(),
                field.equals("hash") ? v : o.hash(), o.serverSeq(), o.receivedAt());
    }
}
