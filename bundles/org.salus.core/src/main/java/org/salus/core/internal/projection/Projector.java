package org.salus.core.internal.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Component;
import org.salus.core.access.AccessLedger;
import org.salus.core.op.CanonicalJson;
import org.salus.core.op.OpEnvelope;
import org.salus.core.store.OpApplier;
import org.salus.core.store.StoreTransaction;

/**
 * Applies operations to the projection tables. Everything it writes comes from the operation alone (never from the
 * clock or the caller), so replaying the op log rebuilds exactly the live projections. Registered as a service so sync
 * can apply received operations and maintenance can rebuild with the same code.
 * <p>
 * Payloads are merged: a create carries every attribute, an update only the changed ones, and only the attributes
 * present are written. The registers (Medicine, Patient) are merged field by field: each write of a field is kept in
 * {@code register_write}, the field's value and its conflict records ({@code register_conflict}) are decided from all
 * of them by {@link FieldHistory}, so the order operations arrive in does not matter (ADR 0015).
 * A create of a generic entity that is already there (another device created the same id, as each
 * device seeds the default roles at its first run) only adds the attributes the record lacks: it never overwrites a
 * later change, such as an administrator's grant, whatever order the operations arrive in. An opType ending in {@code .delete} marks a generic entity deleted (a tombstone). An opType
 * starting with {@value AccessLedger#AUDIT_PREFIX} is an audit record only (a denial, a failed login) and changes no
 * projection.
 */
@Component(service = OpApplier.class, property = "salus.projector=core")
public class Projector implements OpApplier {

    /** Medicine attribute to column. */
    private static final Map<String, String> MEDICINE = columns("gtin", "gtin", "innName", "inn_name", "form", "form",
            "strength", "strength", "unit", "unit", "reorderLevel", "reorder_level", "critical", "critical");
    /** StockBatch attribute to column; quantityOnHand is left out: it is the sum of the movements. */
    private static final Map<String, String> BATCH = columns("medicineId", "medicine_id", "lot", "lot", "expiry", "expiry",
            "location", "location");
    private static final Map<String, String> PATIENT = columns("identifier", "identifier", "givenName", "given_name",
            "familyName", "family_name", "birthDate", "birth_date", "sex", "sex", "phone", "phone", "address", "address");
    /** Attributes whose search form goes into a {@code _lc} column as well. */
    private static final Map<String, String> SEARCH_COLUMNS = columns("innName", "inn_name_lc", "identifier", "identifier_lc",
            "givenName", "given_name_lc", "familyName", "family_name_lc");
    /** Attributes that give a generic entity its time, in order of preference. */
    private static final List<String> TIME_ATTRIBUTES = List.of("start", "effectiveTime", "orderedAt", "writtenAt");

    @Override
    public void apply(StoreTransaction tx, OpEnvelope op) throws SQLException {
        if (op.opType().startsWith(AccessLedger.AUDIT_PREFIX)) {
            return;
        }
        Map<String, Object> payload = CanonicalJson.parseObject(op.payload());
        Connection c = tx.connection();
        switch (op.entityType()) {
            case "Medicine" -> register(c, "medicine", op, payload, MEDICINE);
            case "StockBatch" -> batch(c, op, payload);
            case "StockMovement" -> movement(c, op, payload);
            case "Patient" -> register(c, "patient", op, payload, PATIENT);
            default -> entity(c, op, payload);
        }
    }

    /** The payload key under which an update names, per field, the writes it was edited from. */
    public static final String BASE = "base";
    /** The most bases a write keeps per field (an edit names one, a resolution two). */
    private static final int MAX_BASES = 4;
    /** The payload key under which a resolution names its conflict record. */
    public static final String CONFLICT_ID = "conflictId";
    /** The suffix of an update's opType ({@code patient.update}). */
    public static final String UPDATE_SUFFIX = ".update";
    /** The suffix of a resolution's opType ({@code patient.resolve}). */
    public static final String RESOLVE_SUFFIX = ".resolve";

    /** The register attribute names of an entity type with their columns, or null when the type is no register. */
    public static Map<String, String> registerFields(String entityType) {
        return switch (entityType) {
            case "Medicine" -> MEDICINE;
            case "Patient" -> PATIENT;
            default -> null;
        };
    }

    /**
     * Applies a register operation: records each field it writes, then sets each such field to the value its writes
     * decide and rewrites the field's conflict records. The row's updated_hlc is the newest HLC applied to it.
     */
    private static void register(Connection c, String table, OpEnvelope op, Map<String, Object> payload,
            Map<String, String> attributeColumns) throws SQLException {
        if (Rows.one(c, "SELECT id FROM " + table + " WHERE id = ?", rs -> rs.getString(1), op.entityId()).isEmpty()) {
            Rows.update(c, "INSERT INTO " + table + " (id, updated_hlc) VALUES (?, ?)", op.entityId(), op.hlc());
        } else {
            Rows.update(c, "UPDATE " + table + " SET updated_hlc = ? WHERE id = ? AND (updated_hlc IS NULL OR updated_hlc < ?)",
                    op.hlc(), op.entityId(), op.hlc());
        }
        Map<String, List<String>> bases = bases(payload.get(BASE));
        boolean resolution = op.opType().endsWith(RESOLVE_SUFFIX);
        for (Map.Entry<String, String> e : attributeColumns.entrySet()) {
            String field = e.getKey();
            if (!payload.containsKey(field)) {
                continue;
            }
            List<String> fieldBases = bases.get(field);
            if (fieldBases == null && !op.opType().endsWith(UPDATE_SUFFIX)) {
                // a create (or any write that is no update) starts the field's history; only an update written before
                // bases existed is left without them, to follow the write before it by clock
                fieldBases = List.of();
            }
            FieldHistory.Write w = new FieldHistory.Write(op.opId(), op.hlc(), fieldBases, resolution,
                    CanonicalJson.write(payload.get(field)), op.userId(), op.deviceId(), op.deviceTime());
            RegisterHistory.record(c, op.entityType(), op.entityId(), field, w);
            List<FieldHistory.Write> writes = RegisterHistory.writes(c, op.entityType(), op.entityId(), field);
            FieldHistory.Outcome o = FieldHistory.decide(op.entityType(), op.entityId(), field, writes);
            Object value = CanonicalJson.parse(o.value().valueJson());
            String column = e.getValue();
            String searchColumn = SEARCH_COLUMNS.get(field);
            Object columnValue = columnValue(column, value);
            if (value == null && (column.equals("reorder_level") || column.equals("critical"))) {
                columnValue = column.equals("critical") ? Boolean.FALSE : 0;
            }
            if (searchColumn != null) {
                Rows.update(c, "UPDATE " + table + " SET " + column + " = ?, " + searchColumn + " = ? WHERE id = ?", columnValue,
                        SearchText.of((String) value), op.entityId());
            } else {
                Rows.update(c, "UPDATE " + table + " SET " + column + " = ? WHERE id = ?", columnValue, op.entityId());
            }
            if (writes.size() > 1) {
                RegisterHistory.replaceConflicts(c, op.entityType(), op.entityId(), field, o);
            }
        }
    }

    /** The bases an operation names per field; a field it names none for is missing from the map. */
    private static Map<String, List<String>> bases(Object base) {
        Map<String, List<String>> out = new TreeMap<>();
        if (base instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getKey() instanceof String field && e.getValue() instanceof List<?> ids) {
                    List<String> list = new java.util.ArrayList<>();
                    for (Object id : ids) {
                        // op ids are UUIDs; anything else cannot name a write held here
                        if (id instanceof String s && !s.isEmpty() && s.length() <= 64 && s.indexOf(',') < 0 && list.size() < MAX_BASES) {
                            list.add(s);
                        }
                    }
                    out.put(field, list);
                }
            }
        }
        return out;
    }

    private static void batch(Connection c, OpEnvelope op, Map<String, Object> payload) throws SQLException {
        // an update of a placeholder row (made by an early movement) keeps the quantity counted so far
        upsert(c, "stock_batch", op, payload, BATCH, false);
    }

    private static void movement(Connection c, OpEnvelope op, Map<String, Object> p) throws SQLException {
        String batchId = (String) p.get("batchId");
        int quantity = ((Number) p.getOrDefault("quantity", 0L)).intValue();
        Rows.update(c, "INSERT INTO stock_movement (id, batch_id, medicine_id, kind, quantity, reason, from_location, to_location,"
                + " order_id, voids_movement_id, op_id, hlc, device_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                op.entityId(), batchId, p.get("medicineId"), p.get("kind"), quantity, p.get("reason"), p.get("fromLocation"),
                p.get("toLocation"), p.get("orderId"), p.get("voidsMovementId"), op.opId(), op.hlc(), op.deviceTime());
        int updated = Rows.update(c, "UPDATE stock_batch SET quantity_on_hand = quantity_on_hand + ?,"
                + " in_stock = (quantity_on_hand + ? > 0) WHERE id = ?", quantity, quantity, batchId);
        if (updated == 0) {
            // the batch's own operation has not arrived yet (possible with operations from other devices): keep the count
            Rows.update(c, "INSERT INTO stock_batch (id, medicine_id, quantity_on_hand, in_stock) VALUES (?, ?, ?, ?)",
                    batchId, p.get("medicineId"), quantity, quantity > 0);
        }
    }

    /**
     * Writes the attributes present in the payload into a table row, inserting the row when it is missing.
     *
     * @return true when a row was inserted
     */
    private static boolean upsert(Connection c, String table, OpEnvelope op, Map<String, Object> payload,
            Map<String, String> attributeColumns, boolean hasUpdatedHlc) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : attributeColumns.entrySet()) {
            if (payload.containsKey(e.getKey())) {
                Object v = payload.get(e.getKey());
                values.put(e.getValue(), columnValue(e.getValue(), v));
                String searchColumn = SEARCH_COLUMNS.get(e.getKey());
                if (searchColumn != null) {
                    values.put(searchColumn, SearchText.of((String) v));
                }
            }
        }
        if (hasUpdatedHlc) {
            values.put("updated_hlc", op.hlc());
        }
        if (!values.isEmpty()) {
            StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" SET ");
            int i = 0;
            for (String column : values.keySet()) {
                sql.append(i++ > 0 ? ", " : "").append(column).append(" = ?");
            }
            sql.append(" WHERE id = ?");
            Object[] params = new Object[values.size() + 1];
            values.values().toArray(params);
            params[values.size()] = op.entityId();
            if (Rows.update(c, sql.toString(), params) > 0) {
                return false;
            }
        } else if (Rows.one(c, "SELECT id FROM " + table + " WHERE id = ?", rs -> rs.getString(1), op.entityId()).isPresent()) {
            return false;
        }
        values.put("id", op.entityId());
        if (table.equals("stock_batch")) {
            values.put("quantity_on_hand", 0);
            values.put("in_stock", false);
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (");
        sql.append(String.join(", ", values.keySet())).append(") VALUES (");
        sql.append("?, ".repeat(values.size() - 1)).append("?)");
        Rows.update(c, sql.toString(), values.values().toArray());
        return true;
    }

    private static Object columnValue(String column, Object v) {
        if (v == null) {
            return null;
        }
        return switch (column) {
            case "expiry", "birth_date" -> LocalDate.parse(v.toString());
            case "reorder_level" -> ((Number) v).intValue();
            default -> v;
        };
    }

    private static void entity(Connection c, OpEnvelope op, Map<String, Object> payload) throws SQLException {
        Optional<EntityRow> existing = Rows.one(c, "SELECT body, sort_time FROM entity_record WHERE entity_type = ? AND id = ?",
                rs -> new EntityRow(rs.getString("body"), Rows.instant(rs, "sort_time")), op.entityType(), op.entityId());
        Map<String, Object> merged = new TreeMap<>();
        existing.ifPresent(row -> merged.putAll(CanonicalJson.parseObject(row.body())));
        if (existing.isPresent() && op.opType().endsWith(".create")) {
            payload.forEach(merged::putIfAbsent);
        } else {
            merged.putAll(payload);
        }
        boolean deleted = op.opType().endsWith(".delete");
        Object patientId = merged.get("patientId");
        Object refId = merged.containsKey("noteId") ? merged.get("noteId") : merged.get("encounterId");
        Instant sortTime = sortTime(merged).orElseGet(() -> existing.map(EntityRow::sortTime).orElse(op.deviceTime()));
        String body = CanonicalJson.write(merged);
        if (existing.isPresent()) {
            Rows.update(c, "UPDATE entity_record SET patient_id = ?, ref_id = ?, sort_time = ?, body = ?, deleted = ?, updated_hlc = ?"
                    + " WHERE entity_type = ? AND id = ?", text(patientId), text(refId), sortTime, body, deleted, op.hlc(),
                    op.entityType(), op.entityId());
        } else {
            Rows.update(c, "INSERT INTO entity_record (entity_type, id, patient_id, ref_id, sort_time, body, deleted, updated_hlc)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", op.entityType(), op.entityId(), text(patientId), text(refId), sortTime,
                    body, deleted, op.hlc());
        }
        if (op.entityType().equals("NoteRevision") && merged.get("noteId") instanceof String noteId
                && merged.get("revision") instanceof Number revision) {
            raiseNoteRevision(c, op, noteId, revision.longValue());
        }
    }

    // The note's current revision is derived from its revisions, so concurrent revisions on two devices both count.
    private static void raiseNoteRevision(Connection c, OpEnvelope op, String noteId, long revision) throws SQLException {
        Optional<String> body = Rows.one(c, "SELECT body FROM entity_record WHERE entity_type = 'Note' AND id = ?",
                rs -> rs.getString(1), noteId);
        if (body.isEmpty()) {
            return;
        }
        Map<String, Object> note = new TreeMap<>(CanonicalJson.parseObject(body.get()));
        long current = note.get("currentRevision") instanceof Number n ? n.longValue() : 0;
        if (revision > current) {
            note.put("currentRevision", revision);
            Rows.update(c, "UPDATE entity_record SET body = ?, updated_hlc = ? WHERE entity_type = 'Note' AND id = ?",
                    CanonicalJson.write(note), op.hlc(), noteId);
        }
    }

    private static Optional<Instant> sortTime(Map<String, Object> values) {
        for (String a : TIME_ATTRIBUTES) {
            if (values.get(a) instanceof String s) {
                return Optional.of(Instant.parse(s));
            }
        }
        return Optional.empty();
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    private static Map<String, String> columns(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private record EntityRow(String body, Instant sortTime) {
    }
}
