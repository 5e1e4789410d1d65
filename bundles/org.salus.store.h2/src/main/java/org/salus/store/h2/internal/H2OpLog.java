package org.salus.store.h2.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;
import org.salus.core.store.OpLogReader;
import org.salus.core.store.StoreException;

/** Reads of the op log table through one connection. */
final class H2OpLog implements OpLogReader {

    static final String COLUMNS = "op_id, clinic_id, device_id, user_id, entity_type, entity_id, op_type, device_seq, hlc,"
            + " device_time, schema_version, payload, prev_hash, hash, server_seq, received_at";
    private static final int SCAN_PAGE = 1000;

    private final Connection c;
    private final String location;
    /** Writes the transaction's moved chain heads, before a query of {@code chain_head}. */
    private final Runnable headsWritten;

    H2OpLog(Connection c, String location, Runnable headsWritten) {
        this.c = c;
        this.location = location;
        this.headsWritten = headsWritten;
    }

    @Override
    public Optional<OpEnvelope> find(String opId) {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM op_log WHERE op_id = ?")) {
            ps.setString(1, opId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(op(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("reading an operation", e);
        }
    }

    /**
     * A page of the audit trail. The audit filters are answered by the audit index ({@code op_audit}, see
     * {@link AuditIndex}) up to the position it has reached, and by the op log itself beyond it, in the same snapshot:
     * the page is exact whether or not the indexer has caught up.
     */
    @Override
    public OpPage query(OpQuery q) {
        List<Object> params = new ArrayList<>();
        String conditions = conditions(q, params);
        List<Object> indexedParams = new ArrayList<>(params);
        List<Object> tailParams = new ArrayList<>(params);
        try {
            long indexed = AuditIndex.indexedUpTo(c);
            // the index holds hlc and op_id, so it finds the page on its own; only the page's rows are read from the op log
            // (no condition on pos here: it would make H2 scan by position instead of using the filter or hlc index)
            String indexedSql = "SELECT pos, " + COLUMNS + " FROM op_log WHERE pos IN (SELECT pos FROM op_audit WHERE 1 = 1"
                    + conditions.replace("#", "") + " ORDER BY hlc DESC, op_id DESC FETCH FIRST ? ROWS ONLY)";
            indexedParams.add(q.limit() + 1);
            String tailSql = "SELECT pos, " + COLUMNS + " FROM op_log WHERE pos > ?" + conditions.replace("#", "");
            tailParams.add(0, indexed);
            List<OpEnvelope> ops = new ArrayList<>(select(tailSql, tailParams));
            ops.addAll(select(indexedSql, indexedParams));
            ops.sort(NEWEST_FIRST);
            if (ops.size() > q.limit() + 1) {
                ops.subList(q.limit() + 1, ops.size()).clear();
            }
            String next = null;
            if (ops.size() > q.limit()) {
                ops.remove(ops.size() - 1);
                OpEnvelope last = ops.get(ops.size() - 1);
                next = last.hlc() + " " + last.opId();
            }
            return new OpPage(ops, next);
        } catch (SQLException e) {
            throw failure("searching the op log", e);
        }
    }

    private static final Comparator<OpEnvelope> NEWEST_FIRST = Comparator.comparing(OpEnvelope::hlc)
            .thenComparing(OpEnvelope::opId).reversed();

    /** The query's filters as SQL on columns that op_log and op_audit share, each column prefixed with '#'. */
    private static String conditions(OpQuery q, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        filter(sql, params, "#entity_type = ?", q.entityType());
        filter(sql, params, "#entity_id = ?", q.entityId());
        filter(sql, params, "#user_id = ?", q.userId());
        filter(sql, params, "#device_id = ?", q.deviceId());
        filter(sql, params, "#op_type = ?", q.opType());
        filter(sql, params, "#device_time >= ?", q.from() == null ? null : OffsetDateTime.ofInstant(q.from(), ZoneOffset.UTC));
        filter(sql, params, "#device_time < ?", q.to() == null ? null : OffsetDateTime.ofInstant(q.to(), ZoneOffset.UTC));
        if (q.before() != null) {
            int space = q.before().indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("not a cursor from a previous page: " + q.before());
            }
            String hlc = q.before().substring(0, space);
            String opId = q.before().substring(space + 1);
            sql.append(" AND (#hlc < ? OR (#hlc = ? AND #op_id < ?))");
            params.add(hlc);
            params.add(hlc);
            params.add(opId);
        }
        return sql.toString();
    }

    private List<OpEnvelope> select(String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<OpEnvelope> ops = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ops.add(op(rs));
                }
            }
            return ops;
        }
    }

    private static void filter(StringBuilder sql, List<Object> params, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            params.add(value);
        }
    }

    @Override
    public Optional<String> latestHlc() {
        // each device's chain head holds its newest reading and the audit index the newest of what it covers: two index
        // reads instead of the whole log (a device's readings rise along its chain, so the heads cover the unindexed tail)
        headsWritten.run();
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(h) FROM (SELECT MAX(last_hlc) AS h FROM chain_head"
                + " UNION ALL SELECT MAX(hlc) FROM op_audit)"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Optional.ofNullable(rs.getString(1));
        } catch (SQLException e) {
            throw failure("reading the newest clock reading", e);
        }
    }

    @Override
    public long count() {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM op_log"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("counting the op log", e);
        }
    }

    @Override
    public List<ChainHead> chainHeads() {
        try {
            Map<String, ChainHead> heads = new TreeMap<>();
            headsWritten.run();
            try (PreparedStatement ps = c.prepareStatement("SELECT device_id, last_seq, last_hash, last_hlc FROM chain_head");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getString(1), new ChainHead(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                }
            }
            Set<String> devices = new LinkedHashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT device_id FROM op_log"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    devices.add(rs.getString(1));
                }
            }
            for (String d : devices) {
                heads.putIfAbsent(d, ChainHead.empty(d));
            }
            return List.copyOf(heads.values());
        } catch (SQLException e) {
            throw failure("reading the chain heads", e);
        }
    }

    @Override
    public void scanDevice(String deviceId, long fromSeq, Predicate<OpEnvelope> visitor) {
        long next = fromSeq;
        // ORDER BY names both index columns: with device_seq alone H2 reads and sorts the device's whole rest of the log
        // for every page (a full verification was quadratic); this way it walks the index and stops after the page
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM op_log WHERE device_id = ? AND device_seq >= ? ORDER BY device_id, device_seq FETCH FIRST ? ROWS ONLY")) {
            while (true) {
                ps.setString(1, deviceId);
                ps.setLong(2, next);
                ps.setInt(3, SCAN_PAGE);
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        OpEnvelope op = op(rs);
                        next = op.deviceSeq() + 1;
                        if (!visitor.test(op)) {
                            return;
                        }
                    }
                }
                if (rows < SCAN_PAGE) {
                    return;
                }
            }
        } catch (SQLException e) {
            throw failure("reading device " + deviceId + "'s operations", e);
        }
    }

    @Override
    public Optional<String> hashAt(String deviceId, long deviceSeq) {
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM op_log WHERE device_id = ? AND device_seq = ?")) {
            ps.setString(1, deviceId);
            ps.setLong(2, deviceSeq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("reading an operation's hash", e);
        }
    }

    /** Every operation in append order after {@code afterPos}, a page at a time; returns the last position seen. */
    long scanInAppendOrder(long afterPos, int page, SqlConsumer consumer) throws SQLException {
        long last = afterPos;
        try (PreparedStatement ps = c.prepareStatement("SELECT pos, " + COLUMNS + " FROM op_log WHERE pos > ? ORDER BY pos FETCH FIRST ? ROWS ONLY")) {
            ps.setLong(1, afterPos);
            ps.setInt(2, page);
            List<OpEnvelope> ops = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong("pos");
                    ops.add(op(rs));
                }
            }
            // the result set is closed before applying: the consumer writes through the same connection
            for (OpEnvelope op : ops) {
                consumer.accept(op);
            }
        }
        return last;
    }

    @FunctionalInterface
    interface SqlConsumer {
        void accept(OpEnvelope op) throws SQLException;
    }

    static OpEnvelope op(ResultSet rs) throws SQLException {
        OffsetDateTime received = rs.getObject("received_at", OffsetDateTime.class);
        return new OpEnvelope(rs.getString("op_id"), rs.getString("clinic_id"), rs.getString("device_id"), rs.getString("user_id"),
                rs.getString("entity_type"), rs.getString("entity_id"), rs.getString("op_type"), rs.getLong("device_seq"),
                rs.getString("hlc"), rs.getObject("device_time", OffsetDateTime.class).toInstant(), rs.getInt("schema_version"),
                rs.getString("payload"), rs.getString("prev_hash"), rs.getString("hash"), rs.getLong("server_seq"),
                received == null ? null : received.toInstant());
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("The clinic store (" + location + ") failed while " + what + ": " + H2Errors.firstLine(e), e);
    }
}
