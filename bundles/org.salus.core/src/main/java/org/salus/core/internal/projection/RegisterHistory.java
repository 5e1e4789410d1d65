package org.salus.core.internal.projection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.salus.core.conflict.ConflictSide;
import org.salus.core.conflict.ConflictState;
import org.salus.core.conflict.RegisterConflict;
import org.salus.core.internal.projection.FieldHistory.Conflict;
import org.salus.core.internal.projection.FieldHistory.Outcome;
import org.salus.core.internal.projection.FieldHistory.Write;
import org.salus.core.op.CanonicalJson;

/**
 * The register projections beside the entity tables: every write of every register field ({@code register_write})
 * and the conflict records decided from them ({@code register_conflict}). Used by the projector to write them and by
 * commands and queries to read them.
 */
public final class RegisterHistory {

    private static final String WRITE_COLUMNS = "op_id, bases, resolution, hlc, value_json, user_id, device_id, device_time";
    private static final String SIDE = "%1$s_op_id, %1$s_value, %1$s_user_id, %1$s_device_id, %1$s_time, %1$s_hlc";
    private static final String CONFLICT_COLUMNS = "id, entity_type, entity_id, field, state, " + String.format(SIDE, "left") + ", "
            + String.format(SIDE, "right") + ", " + String.format(SIDE, "resolution");

    private RegisterHistory() {
    }

    /** Records one write of a field. */
    static void record(Connection c, String entityType, String entityId, String field, Write w) throws SQLException {
        Rows.update(c, "INSERT INTO register_write (entity_type, entity_id, field, " + WRITE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entityType, entityId, field, w.opId(), w.bases() == null ? null : String.join(",", w.bases()), w.resolution(), w.hlc(),
                w.valueJson(), w.userId(), w.deviceId(), w.at());
    }

    /** Every write of a field held here. */
    public static List<Write> writes(Connection c, String entityType, String entityId, String field) throws SQLException {
        return Rows.list(c, "SELECT " + WRITE_COLUMNS + " FROM register_write WHERE entity_type = ? AND entity_id = ? AND field = ?",
                RegisterHistory::writeRow, entityType, entityId, field);
    }

    /** What the writes of a field decide, or empty when the field has none here (a store older than its history). */
    public static Optional<Outcome> decide(Connection c, String entityType, String entityId, String field) throws SQLException {
        List<Write> writes = writes(c, entityType, entityId, field);
        return writes.isEmpty() ? Optional.empty() : Optional.of(FieldHistory.decide(entityType, entityId, field, writes));
    }

    /** Replaces a field's conflict records by those decided now. */
    static void replaceConflicts(Connection c, String entityType, String entityId, String field, Outcome o) throws SQLException {
        Rows.update(c, "DELETE FROM register_conflict WHERE entity_type = ? AND entity_id = ? AND field = ?", entityType, entityId, field);
        for (Conflict k : o.conflicts()) {
            List<Object> values = new ArrayList<>(List.of(k.id(), entityType, entityId, field,
                    (k.open() ? ConflictState.OPEN : ConflictState.RESOLVED).name()));
            side(values, k.left());
            side(values, k.right());
            side(values, k.resolution());
            Rows.update(c, "INSERT INTO register_conflict (" + CONFLICT_COLUMNS + ") VALUES (" + "?, ".repeat(values.size() - 1) + "?)",
                    values.toArray());
        }
    }

    private static void side(List<Object> values, Write w) {
        if (w == null) {
            values.addAll(Arrays.asList(null, null, null, null, null, null));
        } else {
            values.addAll(Arrays.asList(w.opId(), w.valueJson(), w.userId(), w.deviceId(), w.at(), w.hlc()));
        }
    }

    /** One conflict record. */
    public static Optional<RegisterConflict> conflict(Connection c, String id) throws SQLException {
        Optional<RegisterConflict> k = Rows.one(c, "SELECT " + CONFLICT_COLUMNS + " FROM register_conflict WHERE id = ?",
                RegisterHistory::conflictRow, id);
        return k.isEmpty() ? k : Optional.of(named(c, List.of(k.get()), new HashMap<>()).get(0));
    }

    /** The conflicts with each side's user name, from the users' own records in the op log's projection. */
    private static List<RegisterConflict> named(Connection c, List<RegisterConflict> conflicts, Map<String, String> names) throws SQLException {
        List<RegisterConflict> out = new ArrayList<>();
        for (RegisterConflict k : conflicts) {
            out.add(new RegisterConflict(k.id(), k.entityType(), k.entityId(), k.field(), k.state(), named(c, k.left(), names),
                    named(c, k.right(), names), named(c, k.resolution(), names)));
        }
        return out;
    }

    private static ConflictSide named(Connection c, ConflictSide side, Map<String, String> names) throws SQLException {
        if (side == null) {
            return null;
        }
        String name = names.get(side.userId());
        if (name == null) {
            name = Rows.one(c, "SELECT body FROM entity_record WHERE entity_type = 'User' AND id = ?", rs -> rs.getString(1), side.userId())
                    .map(body -> CanonicalJson.parseObject(body).get("username")).filter(String.class::isInstance).map(String.class::cast)
                    .orElse(side.userId());
            names.put(side.userId(), name);
        }
        return new ConflictSide(side.opId(), side.value(), side.userId(), name, side.deviceId(), side.at(), side.hlc());
    }

    /**
     * Open conflict records by entity type, entity and field.
     *
     * @param entityType null for every type
     * @param entityId null for every entity of the type
     */
    public static List<RegisterConflict> open(Connection c, String entityType, String entityId, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + CONFLICT_COLUMNS + " FROM register_conflict WHERE state = 'OPEN'");
        List<Object> params = new ArrayList<>();
        if (entityType != null) {
            sql.append(" AND entity_type = ?");
            params.add(entityType);
        }
        if (entityId != null) {
            sql.append(" AND entity_id = ?");
            params.add(entityId);
        }
        sql.append(" ORDER BY entity_type, entity_id, field, id FETCH FIRST ? ROWS ONLY");
        params.add(limit);
        return named(c, Rows.list(c, sql.toString(), RegisterHistory::conflictRow, params.toArray()), new HashMap<>());
    }

    /** A JSON value as the text a person reads and types: strings bare, null as null. */
    public static String text(String valueJson) {
        if (valueJson == null) {
            return null;
        }
        Object v = CanonicalJson.parse(valueJson);
        return v == null ? null : v.toString();
    }

    private static Write writeRow(ResultSet rs) throws SQLException {
        String bases = rs.getString("bases");
        return new Write(rs.getString("op_id"), rs.getString("hlc"), bases == null ? null : bases.isEmpty() ? List.of() : List.of(bases.split(",")),
                rs.getBoolean("resolution"), rs.getString("value_json"), rs.getString("user_id"), rs.getString("device_id"),
                Rows.instant(rs, "device_time"));
    }

    private static RegisterConflict conflictRow(ResultSet rs) throws SQLException {
        return new RegisterConflict(rs.getString("id"), rs.getString("entity_type"), rs.getString("entity_id"), rs.getString("field"),
                ConflictState.valueOf(rs.getString("state")), sideRow(rs, "left"), sideRow(rs, "right"), sideRow(rs, "resolution"));
    }

    private static ConflictSide sideRow(ResultSet rs, String side) throws SQLException {
        String opId = rs.getString(side + "_op_id");
        if (opId == null) {
            return null;
        }
        String userId = rs.getString(side + "_user_id");
        return new ConflictSide(opId, text(rs.getString(side + "_value")), userId, userId, rs.getString(side + "_device_id"),
                Rows.instant(rs, side + "_time"), rs.getString(side + "_hlc"));
    }
}
