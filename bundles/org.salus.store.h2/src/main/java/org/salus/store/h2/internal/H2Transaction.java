package org.salus.store.h2.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.core.store.ChainConflictException;
import org.salus.core.store.OpLogReader;
import org.salus.core.store.StoreException;
import org.salus.core.store.StoreTransaction;

/** One H2 transaction, valid while its work runs. */
final class H2Transaction implements StoreTransaction {

    private final Connection c;
    private final boolean writable;
    private final String location;
    private final H2OpLog opLog;
    /** Heads read (and locked) in this transaction, moved along by appends. */
    private final Map<String, ChainHead> heads = new HashMap<>();
    /**
     * Heads moved by appends and not yet written to {@code chain_head}: each is written once, before the commit or a
     * query of the table ({@link #writeHeads}), not once an operation. H2 rewrites the row and its key at every update.
     */
    private final Map<String, ChainHead> unwritten = new LinkedHashMap<>();
    /** Devices of {@link #unwritten} that have no row in {@code chain_head} yet. */
    private final Set<String> withoutRow = new HashSet<>();
    private boolean open = true;
    private int appended;

    H2Transaction(Connection c, boolean writable, String location) {
        this.c = c;
        this.writable = writable;
        this.location = location;
        this.opLog = new H2OpLog(c, location, this::writeHeads);
    }

    void end() {
        open = false;
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("this store transaction has ended");
        }
    }

    @Override
    public Connection connection() {
        checkOpen();
        return c;
    }

    @Override
    public boolean writable() {
        return writable;
    }

    /** The store runs every write transaction on its one writer connection, under its write lock, one after the other. */
    @Override
    public boolean writesOneAtATime() {
        return writable;
    }

    @Override
    public ChainHead chainHead(String deviceId) {
        checkOpen();
        ChainHead known = heads.get(deviceId);
        if (known != null) {
            return known;
        }
        // no FOR UPDATE: the store runs every writing transaction on its one writer connection, one at a time, so nobody
        // else can move a chain head meanwhile; and H2 parses a FOR UPDATE query anew each time (its query cache skips them)
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash, last_hlc FROM chain_head WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                ChainHead head = rs.next() ? new ChainHead(deviceId, rs.getLong(1), rs.getString(2), rs.getString(3))
                        : ChainHead.empty(deviceId);
                heads.put(deviceId, head);
                return head;
            }
        } catch (SQLException e) {
            throw new StoreException("The clinic store (" + location + ") could not read the chain head of device " + deviceId
                    + ": " + H2Errors.firstLine(e), e);
        }
    }

    @Override
    public void append(OpEnvelope op) {
        checkOpen();
        if (!writable) {
            throw new IllegalStateException("operations can only be appended in a write transaction");
        }
        if (op.hash() == null || op.hash().length() != 64) {
            throw new ChainConflictException("operation " + op.opId() + " has no hash; seal it before appending");
        }
        ChainHead head = chainHead(op.deviceId());
        if (!head.isContinuedBy(op)) {
            throw new ChainConflictException("operation " + op.opId() + " (device " + op.deviceId() + ", seq " + op.deviceSeq()
                    + ") does not continue the device's chain, which ends at seq " + head.seq());
        }
        try {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO op_log (" + H2OpLog.COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, op.opId());
                ps.setString(2, op.clinicId());
                ps.setString(3, op.deviceId());
                ps.setString(4, op.userId());
                ps.setString(5, op.entityType());
                ps.setString(6, op.entityId());
                ps.setString(7, op.opType());
                ps.setLong(8, op.deviceSeq());
                ps.setString(9, op.hlc());
                ps.setObject(10, OffsetDateTime.ofInstant(op.deviceTime(), ZoneOffset.UTC));
                ps.setInt(11, op.schemaVersion());
                ps.setString(12, op.payload());
                ps.setString(13, op.prevHash());
                ps.setString(14, op.hash());
                ps.setLong(15, op.serverSeq());
                ps.setObject(16, op.receivedAt() == null ? null : OffsetDateTime.ofInstant(op.receivedAt(), ZoneOffset.UTC));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            if (H2Errors.UNIQUE_VIOLATION_STATE.equals(e.getSQLState())) {
                throw new ChainConflictException("operation " + op.opId() + " is already in the op log (or its device seq "
                        + op.deviceSeq() + " is taken)");
            }
            throw H2ClinicStore.translate(location, "appending an operation", e);
        }
        ChainHead after = ChainHead.after(op);
        heads.put(op.deviceId(), after);
        if (head.seq() == 0 && !unwritten.containsKey(op.deviceId())) {
            withoutRow.add(op.deviceId());
        }
        unwritten.put(op.deviceId(), after);
        appended++;
    }

    /**
     * Writes the heads that appends moved into {@code chain_head}: the store calls it before the commit, and the op
     * log before it reads that table.
     */
    void writeHeads() {
        if (unwritten.isEmpty()) {
            return;
        }
        try {
            for (ChainHead h : unwritten.values()) {
                String sql = withoutRow.contains(h.deviceId())
                        ? "INSERT INTO chain_head (last_seq, last_hash, last_hlc, device_id) VALUES (?, ?, ?, ?)"
                        : "UPDATE chain_head SET last_seq = ?, last_hash = ?, last_hlc = ? WHERE device_id = ?";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, h.seq());
                    ps.setString(2, h.hash());
                    ps.setString(3, h.hlc());
                    ps.setString(4, h.deviceId());
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw H2ClinicStore.translate(location, "writing the chain heads", e);
        }
        unwritten.clear();
        withoutRow.clear();
    }

    /** How many operations this transaction appended. */
    int appended() {
        return appended;
    }

    @Override
    public Optional<String> meta(String key) {
        checkOpen();
        try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM store_meta WHERE meta_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw H2ClinicStore.translate(location, "reading meta value " + key, e);
        }
    }

    @Override
    public void putMeta(String key, String value) {
        checkOpen();
        if (!writable) {
            throw new IllegalStateException("meta values can only be set in a write transaction");
        }
        try {
            try (PreparedStatement ps = c.prepareStatement("UPDATE store_meta SET meta_value = ? WHERE meta_key = ?")) {
                ps.setString(1, value);
                ps.setString(2, key);
                if (ps.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO store_meta (meta_key, meta_value) VALUES (?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, value);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw H2ClinicStore.translate(location, "writing meta value " + key, e);
        }
    }

    @Override
    public OpLogReader opLog() {
        checkOpen();
        return opLog;
    }

    H2OpLog h2OpLog() {
        return opLog;
    }
}
