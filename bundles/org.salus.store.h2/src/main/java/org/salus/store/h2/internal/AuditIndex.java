package org.salus.store.h2.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The audit index: {@code op_audit} holds the filter columns of every operation (entity, user, device, type, times,
 * op id) under its op-log position, so the audit filters are indexed without the commit of an operation writing
 * those indexes. It is filled after the commits, in batches, in position order; positions follow the order of the
 * commits (the store has one writer), so the highest indexed position is where it has reached: every operation up to it
 * is indexed, none after it. The index holds nothing the op log does not, so a crash costs it nothing but a catch-up.
 */
final class AuditIndex {

    private static final String COLUMNS = "pos, entity_type, entity_id, user_id, device_id, op_type, hlc, op_id, device_time";
    private static final String NEXT = "INSERT INTO op_audit (" + COLUMNS + ") SELECT " + COLUMNS + " FROM op_log WHERE pos > ?"
            + " ORDER BY pos FETCH FIRST ? ROWS ONLY";

    private AuditIndex() {
    }

    /** The highest op-log position the index covers (0 when it is empty). */
    static long indexedUpTo(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(pos), 0) FROM op_audit"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** How many operations of the op log the index does not cover yet. */
    static long behind(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM op_log WHERE pos > ?")) {
            ps.setLong(1, indexedUpTo(c));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Indexes up to {@code max} of the next operations in position order, in the caller's transaction.
     *
     * @return how many were indexed (0 when the index has caught up)
     */
    static int indexNext(Connection c, int max) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(NEXT)) {
            ps.setLong(1, indexedUpTo(c));
            ps.setInt(2, max);
            return ps.executeUpdate();
        }
    }

    /** Empties the index and indexes the whole op log again, in the caller's transaction. */
    static long rebuild(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM op_audit");
            return s.executeUpdate("INSERT INTO op_audit (" + COLUMNS + ") SELECT " + COLUMNS + " FROM op_log ORDER BY pos");
        }
    }
}
