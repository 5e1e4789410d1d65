package org.salus.sync.mqtt.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.salus.core.op.CanonicalJson;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.core.store.ChainConflictException;
import org.salus.core.store.ClinicStore;
import org.salus.core.store.OpApplier;
import org.salus.core.store.StoreTransaction;
import org.salus.sync.mqtt.NegativeStock;
import org.salus.sync.mqtt.RejectedOp;

/**
 * What sync keeps in the clinic store, beside the op log: how far the hub acknowledged this device's chain, the cursor
 * of the clinic's operations applied here, and the operations the hub refused. Each is a meta value of the store, so
 * it commits with the work it describes: the cursor in the same transaction as the operations it covers.
 */
final class DeviceLog {

    static final String ACKED = "sync.acked";
    static final String CURSOR = "sync.cursor";
    static final String REJECTS = "sync.rejects";
    /** A meta value holds at most 4000 characters: keep the newest refusals, each detail cut short. */
    static final int MAX_REJECTS = 8;
    static final int MAX_DETAIL = 300;
    /** The clinic a workstation's operations name before it is enrolled ({@code org.salus.sync.hub.BatchCheck.UNASSIGNED}). */
    static final String UNASSIGNED = "unassigned";

    /** What one ingest did. */
    record Ingested(int appended, int duplicates, long cursor, List<NegativeStock> wentNegative) {
    }

    /** Where this device's chain and its sync stand. */
    record Position(long localSeq, long ackedSeq, long cursor) {
        long backlog() {
            return Math.max(0, localSeq - ackedSeq);
        }
    }

    private final ClinicStore store;
    private final OpApplier projector;
    private final String clinicId;
    private final String deviceId;

    DeviceLog(ClinicStore store, OpApplier projector, String clinicId, String deviceId) {
        this.store = store;
        this.projector = projector;
        this.clinicId = clinicId;
        this.deviceId = deviceId;
    }

    String location() {
        return store.location();
    }

    Position position() {
        return store.read(tx -> new Position(tx.chainHead(deviceId).seq(), number(tx.meta(ACKED).orElse(null)),
                number(tx.meta(CURSOR).orElse(null))));
    }

    /** This device's operations after {@code afterSeq}, in deviceSeq order, at most {@code limit}. */
    List<OpEnvelope> outbox(long afterSeq, int limit) {
        return store.read(tx -> {
            List<OpEnvelope> ops = new ArrayList<>();
            tx.opLog().scanDevice(deviceId, afterSeq + 1, op -> {
                ops.add(op);
                return ops.size() < limit;
            });
            return ops;
        });
    }

    /**
     * Records the hub's acknowledgement of this device's chain up to {@code ackedSeq} (never beyond what this store
     * holds), and forgets the refusals it passed.
     *
     * @return the acked position now kept
     */
    long acked(long ackedSeq) {
        return store.write(tx -> {
            long kept = Math.min(ackedSeq, tx.chainHead(deviceId).seq());
            if (number(tx.meta(ACKED).orElse(null)) != kept) {
                tx.putMeta(ACKED, Long.toString(kept));
            }
            List<RejectedOp> rejects = decodeRejects(tx.meta(REJECTS).orElse(null));
            List<RejectedOp> open = rejects.stream().filter(r -> r.deviceSeq() > kept).toList();
            if (open.size() != rejects.size()) {
                tx.putMeta(REJECTS, encodeRejects(open));
            }
            return kept;
        });
    }

    /** Keeps a refusal of one of this device's operations (replacing an earlier refusal of the same operation). */
    void rejected(RejectedOp reject) {
        store.write(tx -> {
            List<RejectedOp> rejects = new ArrayList<>(decodeRejects(tx.meta(REJECTS).orElse(null)));
            rejects.removeIf(r -> r.opId().equals(reject.opId()));
            rejects.add(reject);
            while (rejects.size() > MAX_REJECTS) {
                rejects.remove(0);
            }
            tx.putMeta(REJECTS, encodeRejects(rejects));
            return null;
        });
    }

    List<RejectedOp> rejects() {
        return store.read(tx -> decodeRejects(tx.meta(REJECTS).orElse(null)));
    }

    /**
     * Ingests the clinic's operations of one page or feed message in one transaction. Those at or before the stored
     * cursor are skipped; the rest must follow it without a gap (the hub's serverSeqs have none). Each is appended
     * unless the log already holds it (checked against its hash and its device's chain, see
     * {@code StoreTransaction.appendForeign}) and applied to the projections, and the cursor moves to the last one in
     * the same transaction. When one operation is refused the transaction rolls back: nothing of the page is kept and
     * the cursor stays, so nothing is lost and the next pull asks for the same operations again.
     *
     * @throws IngestRefusedException naming the operation and why
     */
    Ingested ingest(List<OpEnvelope> ops) {
        return store.write(tx -> {
            long cursor = number(tx.meta(CURSOR).orElse(null));
            int appended = 0;
            int duplicates = 0;
            Set<String> batches = new LinkedHashSet<>();
            Map<Long, String> own = ownHashes(tx, ops, cursor);
            long last = cursor;
            for (OpEnvelope op : ops) {
                if (op.serverSeq() <= cursor) {
                    duplicates++;
                    continue;
                }
                if (op.serverSeq() != last + 1) {
                    throw new IngestRefusedException(op, "its serverSeq " + op.serverSeq() + " does not follow " + last
                            + (op.serverSeq() > last ? ": operations are missing before it" : ""));
                }
                last = op.serverSeq();
                // the hub serves, on this clinic's topics, work its devices recorded before they were enrolled: it takes
                // such an operation only from its own device's chain, before that device's first operation of its clinic
                if (!op.clinicId().equals(clinicId) && !UNASSIGNED.equals(op.clinicId())) {
                    throw new IngestRefusedException(op, "it belongs to clinic " + op.clinicId() + ", not " + clinicId);
                }
                if (op.deviceId().equals(deviceId) && op.hash().equals(own.get(op.deviceSeq()))) {
                    // this device's own operation, back from the hub: held at its place with the same hash, which covers
                    // its opId and content
                    duplicates++;
                    continue;
                }
                boolean added;
                try {
                    added = appendForeign(tx, op);
                } catch (RuntimeException e) {
                    throw new IngestRefusedException(op, e.getMessage());
                }
                if (!added) {
                    duplicates++;
                    continue;
                }
                try {
                    projector.apply(tx, op);
                } catch (RuntimeException e) {
                    throw new IngestRefusedException(op, "it cannot be applied to the projections: " + e);
                }
                appended++;
                if ("StockMovement".equals(op.entityType())) {
                    Object batch = CanonicalJson.parseObject(op.payload()).get("batchId");
                    if (batch instanceof String b) {
                        batches.add(b);
                    }
                }
            }
            if (last != cursor) {
                tx.putMeta(CURSOR, Long.toString(last));
            }
            List<NegativeStock> negative = new ArrayList<>();
            for (String b : batches) {
                negative.addAll(negativeStock(tx.connection(), "id = ?", b));
            }
            return new Ingested(appended, duplicates, last, negative);
        });
    }

    /**
     * {@link StoreTransaction#appendForeign}, without the lookup by opId it starts with where that lookup can only
     * miss: each device's chain is held without a gap from deviceSeq 1 (an append must continue it), so an operation
     * beyond its device's head is not in the log. Its hash is checked as there, {@code append} checks that it continues
     * the chain, and an opId that another operation already has fails the insert; each refusal is a
     * {@link ChainConflictException}. A catch-up brings nothing but such operations.
     *
     * @return whether it was appended (false: the log held this very operation)
     */
    private boolean appendForeign(StoreTransaction tx, OpEnvelope op) {
        if (op.deviceId().equals(deviceId) || op.deviceSeq() <= tx.chainHead(op.deviceId()).seq()) {
            return tx.appendForeign(op, deviceId);
        }
        if (!OpHashes.hashMatches(op)) {
            throw new ChainConflictException("operation " + op.opId() + " (device " + op.deviceId() + ", seq " + op.deviceSeq()
                    + ") does not match its hash: it was changed after it was written");
        }
        tx.append(op);
        return true;
    }

    /**
     * This device's own operations in {@code ops} (after the cursor) that this store holds, by deviceSeq, when all of
     * them are held; empty otherwise (each is then checked on its own). They come back on the clinic's feed after every
     * push. Instead of a lookup each: they must follow each other in this device's chain (each links to the hash of the
     * one before and matches its own hash), and the last one's hash must be the one this store holds at its deviceSeq;
     * since each hash covers the one before, that one lookup proves all of them.
     */
    private Map<Long, String> ownHashes(StoreTransaction tx, List<OpEnvelope> ops, long cursor) {
        OpEnvelope previous = null;
        Map<Long, String> own = new HashMap<>();
        for (OpEnvelope op : ops) {
            if (op.serverSeq() <= cursor || !op.deviceId().equals(deviceId)) {
                continue;
            }
            if (previous != null && (op.deviceSeq() != previous.deviceSeq() + 1 || !op.prevHash().equals(previous.hash()))
                    || !OpHashes.hashMatches(op)) {
                return Map.of();
            }
            own.put(op.deviceSeq(), op.hash());
            previous = op;
        }
        if (previous == null || !tx.opLog().hashAt(deviceId, previous.deviceSeq()).map(previous.hash()::equals).orElse(false)) {
            return Map.of();
        }
        return own;
    }

    /** Every batch below zero. */
    List<NegativeStock> negativeStock() {
        return store.read(tx -> negativeStock(tx.connection(), "1 = 1", null));
    }

    private static List<NegativeStock> negativeStock(java.sql.Connection c, String condition, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, medicine_id, lot, location, quantity_on_hand FROM stock_batch WHERE "
                + condition + " AND quantity_on_hand < 0 ORDER BY id")) {
            if (param != null) {
                ps.setString(1, param);
            }
            List<NegativeStock> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new NegativeStock(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
                }
            }
            return out;
        }
    }

    static long number(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String encodeRejects(List<RejectedOp> rejects) {
        List<Object> list = new ArrayList<>();
        for (RejectedOp r : rejects) {
            Map<String, Object> m = new TreeMap<>();
            m.put("opId", r.opId());
            m.put("deviceSeq", r.deviceSeq());
            m.put("reason", r.reason());
            m.put("detail", r.detail().length() > MAX_DETAIL ? r.detail().substring(0, MAX_DETAIL - 1) + "…" : r.detail());
            m.put("at", r.rejectedAt());
            list.add(m);
        }
        return CanonicalJson.write(list);
    }

    static List<RejectedOp> decodeRejects(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<RejectedOp> out = new ArrayList<>();
        if (CanonicalJson.parse(text) instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.add(new RejectedOp((String) m.get("opId"), ((Number) m.get("deviceSeq")).longValue(), (String) m.get("reason"),
                            (String) m.get("detail"), Instant.parse((String) m.get("at"))));
                }
            }
        }
        return out;
    }
}
