package org.salus.store.postgres.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.sync.hub.AppendResult;
import org.salus.sync.hub.BatchCheck;
import org.salus.sync.hub.HubLog;
import org.salus.sync.hub.HubLogException;
import org.salus.sync.hub.HubPage;

/**
 * The hub log on PostgreSQL, shareable by several hub instances. As in the H2 log, an append locks the device's head
 * row, checks the batch with {@link BatchCheck}, then locks the clinic's sequencer row ({@code SELECT ... FOR UPDATE})
 * and takes the next serverSeqs in the same transaction, so serverSeq order is commit order (see
 * docs/adr/0007-hub-log-and-server-seq.md). A page is one statement, and under READ COMMITTED a statement reads one
 * snapshot. Plain Java: {@code PgHubLog.open(settings)} works without OSGi.
 */
public final class PgHubLog implements HubLog, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PgHubLog.class.getName());
    private static final int ATTEMPTS = 5;
    /** Held while migrating, so hub instances that start together migrate one after another. */
    private static final long MIGRATION_LOCK = 0x5A1057L;
    private static final String OP_COLUMNS = "op_id, clinic_id, device_id, user_id, entity_type, entity_id, op_type, device_seq, hlc,"
            + " device_time_ms, schema_version, payload, prev_hash, hash, server_seq, received_at_ms";
    /**
     * An operation is stored under the clinic it was pushed to ({@code clinic_id}); {@code op_clinic_id} keeps the
     * clinic it names when that differs (one recorded before its device was enrolled, {@link BatchCheck#UNASSIGNED}).
     */
    private static final String INSERT_COLUMNS = OP_COLUMNS + ", op_clinic_id";
    private static final String SELECT_COLUMNS = OP_COLUMNS.replace("op_id, clinic_id,", "op_id, COALESCE(op_clinic_id, clinic_id),");

    private final PgHubLogSettings settings;
    private final Connections pool;
    private final int schemaVersion;

    private PgHubLog(PgHubLogSettings settings, Connections pool, int schemaVersion) {
        this.settings = settings;
        this.pool = pool;
        this.schemaVersion = schemaVersion;
    }

    /**
     * Connects, creates the schema when missing and applies the migrations this bundle ships.
     *
     * @throws SQLException when the database cannot be reached or refuses the schema
     * @throws IllegalStateException when the database's hub log is newer than this bundle, or a migration changed
     */
    public static PgHubLog open(PgHubLogSettings settings) throws SQLException, IOException {
        Connections pool = new Connections(settings);
        try (Connection c = pool.open()) {
            int version = migrate(c, settings);
            LOG.log(System.Logger.Level.INFO, "Hub log {0} open, schema version {1}", settings.location(), version);
            return new PgHubLog(settings, pool, version);
        } catch (SQLException | IOException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public PgHubLogSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- append

    @Override
    public AppendResult append(String clinicId, String deviceId, List<OpEnvelope> ops) {
        for (int attempt = 1;; attempt++) {
            Connection c = borrow("append operations of device " + deviceId + " to");
            boolean broken = false;
            try {
                AppendResult result = appendIn(c, clinicId, deviceId, ops);
                if (result.accepted().isEmpty()) {
                    c.rollback();
                } else {
                    c.commit();
                }
                return result;
            } catch (SQLException e) {
                broken = rollback(c);
                if (attempt < ATTEMPTS && retryable(e)) {
                    continue;
                }
                throw failure("append " + ops.size() + " operations of device " + deviceId + " (clinic " + clinicId + ") to", e);
            } catch (HeldLookupFailed e) {
                broken = rollback(c);
                throw failure("check operations of device " + deviceId + " against", e.getCause());
            } catch (RuntimeException e) {
                broken = rollback(c);
                throw e;
            } finally {
                pool.release(c, broken);
            }
        }
    }

    private AppendResult appendIn(Connection c, String clinicId, String deviceId, List<OpEnvelope> ops) throws SQLException {
        Optional<Object[]> row = lockHead(c, deviceId);
        if (row.isEmpty()) {
            // the device's first push: create its head row, or wait for the one a concurrent first push creates
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO hub_device_head (device_id, clinic_id, last_seq, last_hash, last_hlc)"
                    + " VALUES (?, ?, 0, ?, NULL) ON CONFLICT (device_id) DO NOTHING")) {
                ps.setString(1, deviceId);
                ps.setString(2, clinicId);
                ps.setString(3, OpHashes.GENESIS);
                ps.executeUpdate();
            }
            row = lockHead(c, deviceId);
        }
        Object[] h = row.orElseThrow(() -> new SQLException("the head row of device " + deviceId + " vanished", "40001"));
        long lastSeq = (Long) h[1];
        ChainHead head = lastSeq == 0 ? ChainHead.empty(deviceId) : new ChainHead(deviceId, lastSeq, (String) h[2], (String) h[3]);
        // a head row without operations belongs to no clinic yet
        String headClinic = lastSeq == 0 ? null : (String) h[0];
        BatchCheck.Plan plan;
        try (PreparedStatement byOpId = c.prepareStatement("SELECT device_id, device_seq, hash FROM hub_op WHERE op_id = ?")) {
            plan = BatchCheck.plan(clinicId, deviceId, head, headClinic, ops, new BatchCheck.Held() {
                @Override
                public Optional<BatchCheck.HeldOp> byOpId(String opId) {
                    return held(byOpId, opId);
                }

                @Override
                public Optional<String> clinicAt(long deviceSeq) {
                    return opClinicAt(c, deviceId, deviceSeq);
                }
            });
        }
        if (plan.toAppend().isEmpty()) {
            return new AppendResult(head, List.of(), plan.duplicates(), plan.rejects());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hub_clinic_seq (clinic_id, last_seq) VALUES (?, 0) ON CONFLICT (clinic_id) DO NOTHING")) {
            ps.setString(1, clinicId);
            ps.executeUpdate();
        }
        long last;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM hub_clinic_seq WHERE clinic_id = ? FOR UPDATE")) {
            ps.setString(1, clinicId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the sequencer row of clinic " + clinicId + " vanished", "40001");
                }
                last = rs.getLong(1);
            }
        }
        // taken under the sequencer lock, so receivedAt never goes backwards within a clinic's serverSeq order
        Instant receivedAt = Instant.ofEpochMilli(System.currentTimeMillis());
        List<OpEnvelope> accepted = new ArrayList<>(plan.toAppend().size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hub_op (" + INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (OpEnvelope op : plan.toAppend()) {
                OpEnvelope stored = op.acceptedByHub(++last, receivedAt);
                bind(ps, stored, clinicId);
                ps.addBatch();
                accepted.add(stored);
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE hub_clinic_seq SET last_seq = ? WHERE clinic_id = ?")) {
            ps.setLong(1, last);
            ps.setString(2, clinicId);
            ps.executeUpdate();
        }
        ChainHead after = plan.head();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE hub_device_head SET clinic_id = ?, last_seq = ?, last_hash = ?, last_hlc = ? WHERE device_id = ?")) {
            ps.setString(1, clinicId);
            ps.setLong(2, after.seq());
            ps.setString(3, after.hash());
            ps.setString(4, after.hlc());
            ps.setString(5, deviceId);
            ps.executeUpdate();
        }
        return new AppendResult(after, accepted, plan.duplicates(), plan.rejects());
    }

    private static Optional<Object[]> lockHead(Connection c, String deviceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT clinic_id, last_seq, last_hash, last_hlc FROM hub_device_head WHERE device_id = ? FOR UPDATE")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Object[] {rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)}) : Optional.empty();
            }
        }
    }

    /** The clinic a device's held operation names (see {@link BatchCheck.Held#clinicAt}). */
    private static Optional<String> opClinicAt(Connection c, String deviceId, long deviceSeq) {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(op_clinic_id, clinic_id) FROM hub_op WHERE device_id = ? AND device_seq = ?")) {
            ps.setString(1, deviceId);
            ps.setLong(2, deviceSeq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new HeldLookupFailed(e);
        }
    }

    private static Optional<BatchCheck.HeldOp> held(PreparedStatement byOpId, String opId) {
        try {
            byOpId.setString(1, opId);
            try (ResultSet rs = byOpId.executeQuery()) {
                return rs.next() ? Optional.of(new BatchCheck.HeldOp(opId, rs.getString(1), rs.getLong(2), rs.getString(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new HeldLookupFailed(e);
        }
    }

    private static void bind(PreparedStatement ps, OpEnvelope op, String clinicId) throws SQLException {
        ps.setString(1, op.opId());
        ps.setString(2, clinicId);
        ps.setString(3, op.deviceId());
        ps.setString(4, op.userId());
        ps.setString(5, op.entityType());
        ps.setString(6, op.entityId());
        ps.setString(7, op.opType());
        ps.setLong(8, op.deviceSeq());
        ps.setString(9, op.hlc());
        ps.setLong(10, op.deviceTime().toEpochMilli());
        ps.setInt(11, op.schemaVersion());
        ps.setString(12, op.payload());
        ps.setString(13, op.prevHash());
        ps.setString(14, op.hash());
        ps.setLong(15, op.serverSeq());
        ps.setLong(16, op.receivedAt().toEpochMilli());
        ps.setString(17, op.clinicId().equals(clinicId) ? null : op.clinicId());
    }

    // ---------------------------------------------------------------- reads

    @Override
    public HubPage page(String clinicId, long afterServerSeq, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit is 1 or more: " + limit);
        }
        Connection c = borrow("read operations of clinic " + clinicId + " from");
        boolean broken = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SELECT_COLUMNS
                + " FROM hub_op WHERE clinic_id = ? AND server_seq > ? ORDER BY server_seq LIMIT ?")) {
            ps.setString(1, clinicId);
            ps.setLong(2, afterServerSeq);
            ps.setInt(3, limit + 1);
            List<OpEnvelope> ops = new ArrayList<>(Math.min(limit, 1024));
            boolean more = false;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (ops.size() == limit) {
                        more = true;
                        break;
                    }
                    ops.add(read(rs));
                }
            }
            c.commit();
            return new HubPage(ops, more);
        } catch (SQLException e) {
            broken = rollback(c);
            throw failure("read operations of clinic " + clinicId + " after serverSeq " + afterServerSeq + " from", e);
        } finally {
            pool.release(c, broken);
        }
    }

    @Override
    public ChainHead deviceHead(String deviceId) {
        Connection c = borrow("read the head of device " + deviceId + " from");
        boolean broken = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash, last_hlc FROM hub_device_head WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            ChainHead head;
            try (ResultSet rs = ps.executeQuery()) {
                head = rs.next() && rs.getLong(1) > 0 ? new ChainHead(deviceId, rs.getLong(1), rs.getString(2), rs.getString(3))
                        : ChainHead.empty(deviceId);
            }
            c.commit();
            return head;
        } catch (SQLException e) {
            broken = rollback(c);
            throw failure("read the head of device " + deviceId + " from", e);
        } finally {
            pool.release(c, broken);
        }
    }

    private static OpEnvelope read(ResultSet rs) throws SQLException {
        return new OpEnvelope(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getLong(8), rs.getString(9), Instant.ofEpochMilli(rs.getLong(10)), rs.getInt(11), rs.getString(12), rs.getString(13),
                rs.getString(14), rs.getLong(15), Instant.ofEpochMilli(rs.getLong(16)));
    }

    // ---------------------------------------------------------------- migrations

    private static int migrate(Connection c, PgHubLogSettings settings) throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            s.execute("CREATE SCHEMA IF NOT EXISTS " + settings.schema());
            s.execute("CREATE TABLE IF NOT EXISTS hub_schema_version (version INT PRIMARY KEY, name VARCHAR(200) NOT NULL,"
                    + " checksum CHAR(64) NOT NULL, applied_at_ms BIGINT NOT NULL)");
        }
        java.util.Map<Integer, String> applied = new java.util.TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version, checksum FROM hub_schema_version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        int newest = 0;
        for (String line : resource("index.txt").split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            int version = Integer.parseInt(parts[0]);
            String sql = resource(parts[1]);
            String checksum = sha256(sql);
            newest = version;
            String done = applied.remove(version);
            if (done == null) {
                // PostgreSQL runs DDL inside the transaction: a migration and its record commit together
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO hub_schema_version (version, name, checksum, applied_at_ms) VALUES (?, ?, ?, ?)")) {
                    ps.setInt(1, version);
                    ps.setString(2, parts[1]);
                    ps.setString(3, checksum);
                    ps.setLong(4, System.currentTimeMillis());
                    ps.executeUpdate();
                }
            } else if (!done.equals(checksum)) {
                c.rollback();
                throw new IllegalStateException("Migration " + parts[1] + " applied to the hub log " + settings.location()
                        + " differs from the one shipped now: the database and this Salus do not belong together");
            }
        }
        if (!applied.isEmpty()) {
            c.rollback();
            throw new IllegalStateException("The hub log " + settings.location() + " has schema version " + applied.keySet()
                    + ", newer than this Salus knows (" + newest + "): install the newer Salus that wrote it");
        }
        c.commit();
        return newest;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PgHubLog.class.getResourceAsStream("migrations/" + name)) {
            if (in == null) {
                throw new IOException("hub log migration migrations/" + name + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- plumbing

    private Connection borrow(String what) {
        try {
            return pool.borrow();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** @return whether the connection is broken (the rollback failed) */
    private static boolean rollback(Connection c) {
        try {
            c.rollback();
            return false;
        } catch (SQLException e) {
            return true;
        }
    }

    /** Serialization failures and deadlocks are worth another try. */
    private static boolean retryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState()) || "23505".equals(e.getSQLState());
    }

    private HubLogException failure(String what, SQLException e) {
        String state = String.valueOf(e.getSQLState());
        HubLogException.Reason reason = state.startsWith("08") || state.equals("57P01") ? HubLogException.Reason.UNAVAILABLE
                : state.startsWith("40") || state.equals("55P03") ? HubLogException.Reason.BUSY : HubLogException.Reason.STORAGE;
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return new HubLogException(reason, "Could not " + what + " the hub log " + settings.location() + ": " + first, e);
    }

    @Override
    public void close() {
        pool.close();
        LOG.log(System.Logger.Level.INFO, "Hub log {0} closed", settings.location());
    }

    /** A lookup inside {@link BatchCheck} failed; carries the SQL error out of the callback. */
    private static final class HeldLookupFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HeldLookupFailed(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
