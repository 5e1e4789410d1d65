package org.salus.store.h2.internal.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.core.store.DatabaseKeyProvider;
import org.salus.core.store.StoreException;
import org.salus.store.h2.internal.crypt.EncryptedFilePath;
import org.salus.store.h2.internal.crypt.KeyMismatchException;
import org.salus.sync.hub.AppendResult;
import org.salus.sync.hub.BatchCheck;
import org.salus.sync.hub.HubLog;
import org.salus.sync.hub.HubLogException;
import org.salus.sync.hub.HubPage;

/**
 * The hub log in one encrypted H2 file (H2's {@code CIPHER=AES} format, through {@link EncryptedFilePath}), shared by a small pool of connections.
 * <p>
 * An append locks the device's head row, checks the batch with {@link BatchCheck}, then locks the clinic's sequencer
 * row ({@code SELECT ... FOR UPDATE}) and takes the next serverSeqs from it in the same transaction. The sequencer row
 * stays locked until the commit, so a later transaction of the clinic gets higher numbers only after this one has
 * committed: serverSeq order is commit order, and a pull (one snapshot per page) never sees N without every number
 * below it. Appends that arrive while a commit runs are written together in the next one (group commit, see
 * {@link #append}). See docs/adr/0007-hub-log-and-server-seq.md.
 * Plain Java: {@code H2HubLog.open(HubLogSettings.of(path), keys)} works without OSGi.
 */
public final class H2HubLog implements HubLog, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(H2HubLog.class.getName());
    /** An append that lost a race (two first pushes of a device or clinic at once) is tried again this often. */
    private static final int ATTEMPTS = 5;
    /** The most operations one group commit takes, so one commit stays short. */
    private static final int MAX_GROUP_OPS = 5_000;
    private static final String OP_COLUMNS = "op_id, clinic_id, device_id, user_id, entity_type, entity_id, op_type, device_seq, hlc,"
            + " device_time_ms, schema_version, payload, prev_hash, hash, server_seq, received_at_ms";
    /**
     * An operation is stored under the clinic it was pushed to ({@code clinic_id}); {@code op_clinic_id} keeps the
     * clinic it names when that differs (one recorded before its device was enrolled, {@link BatchCheck#UNASSIGNED}).
     */
    private static final String INSERT_COLUMNS = OP_COLUMNS + ", op_clinic_id";
    private static final String SELECT_COLUMNS = OP_COLUMNS.replace("op_id, clinic_id,", "op_id, COALESCE(op_clinic_id, clinic_id),");

    private final HubLogSettings settings;
    private final JdbcConnectionPool pool;
    private final String location;
    private final int schemaVersion;
    /** The data source keeps this array (not a copy) for new connections; it is cleared on close. */
    /** Holds the file key while the log is open. */
    private final EncryptedFilePath.Unlock unlock;
    private volatile boolean closed;
    /** Ends the committer's loop. */
    private static final Request STOP = new Request("", "", List.of());
    /** Ends the syncer's loop. */
    private static final Written STOP_WRITTEN = new Written(List.of(), List.of());
    /** Batches waiting for the committer, in arrival order. */
    private final LinkedBlockingQueue<Request> pending = new LinkedBlockingQueue<>();
    /** Groups committed and waiting for the forced write. */
    private final LinkedBlockingQueue<Written> synced = new LinkedBlockingQueue<>();
    private final Thread committer;
    private final Thread syncer;

    private H2HubLog(HubLogSettings settings, JdbcConnectionPool pool, EncryptedFilePath.Unlock unlock, int schemaVersion) {
        this.settings = settings;
        this.pool = pool;
        this.unlock = unlock;
        this.location = "H2 file " + settings.dataFile();
        this.schemaVersion = schemaVersion;
        String name = settings.database().getFileName().toString();
        this.committer = new Thread(this::commitLoop, "salus-hub-log-commit-" + name);
        this.syncer = new Thread(this::syncLoop, "salus-hub-log-sync-" + name);
        committer.setDaemon(true);
        syncer.setDaemon(true);
        committer.start();
        syncer.start();
    }

    /**
     * Opens (or creates) the log.
     *
     * @throws HubLogOpenException when the key is wrong or missing, the file is in use or damaged, or its schema is unknown
     */
    public static H2HubLog open(HubLogSettings settings, DatabaseKeyProvider keys) throws HubLogOpenException {
        String location = "H2 file " + settings.dataFile();
        char[] key;
        try {
            key = keys.databaseKey(settings.database().getFileName().toString());
        } catch (StoreException e) {
            throw new HubLogOpenException("No key for the hub log " + settings.dataFile() + ": " + e.getMessage(), e);
        }
        // the file key protects the data (H2's file password, handed to the file system); H2's user password stays empty
        EncryptedFilePath.Unlock unlock = EncryptedFilePath.unlock(settings.database(), key);
        Arrays.fill(key, '\0');
        char[] password = new char[0];
        try {
            Files.createDirectories(settings.database().getParent());
            JdbcDataSource ds = new JdbcDataSource();
            // encrypted in H2's CIPHER=AES format by the salusaes file system, with the JDK's AES (ADR 0024)
            ds.setURL("jdbc:h2:" + EncryptedFilePath.url("file", settings.database()) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT="
                    + settings.lockTimeoutMillis());
            ds.setUser("salus");
            ds.setPasswordChars(password);
            JdbcConnectionPool pool = JdbcConnectionPool.create(ds);
            pool.setMaxConnections(settings.connections());
            pool.setLoginTimeout(Math.max(1, settings.lockTimeoutMillis() / 1000 * 3));
            int version;
            try (Connection c = pool.getConnection()) {
                version = HubMigrations.migrate(c, location);
            } catch (SQLException | IOException | HubLogOpenException | RuntimeException e) {
                pool.dispose();
                throw e;
            }
            LOG.log(System.Logger.Level.INFO, "Hub log {0} open, schema version {1}", settings.dataFile(), version);
            return new H2HubLog(settings, pool, unlock, version);
        } catch (SQLException e) {
            unlock.close();
            throw new HubLogOpenException(explain(settings, e), e);
        } catch (IOException e) {
            unlock.close();
            throw new HubLogOpenException("The hub log " + settings.dataFile() + " could not be prepared: " + e.getMessage(), e);
        } catch (HubLogOpenException | RuntimeException e) {
            unlock.close();
            throw e;
        }
    }

    private static String explain(HubLogSettings s, SQLException e) {
        String what = causedByKeyMismatch(e) ? "it cannot be decrypted with the key in " + s.keyFile()
                + " (a wrong key file, or a damaged file header)" : switch (e.getErrorCode()) {
            case 90049 -> "it cannot be decrypted with the key in " + s.keyFile() + " (a wrong key file, or a damaged file header)";
            case 90020 -> "another program has it open (another hub with the same path?)";
            case 90030 -> "the file is damaged; restore it from a backup";
            default -> e.getMessage();
        };
        return "The hub log " + s.dataFile() + " cannot be opened: " + what;
    }

    private static boolean causedByKeyMismatch(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof KeyMismatchException) {
                return true;
            }
        }
        return false;
    }

    public HubLogSettings settings() {
        return settings;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    // ---------------------------------------------------------------- append

    /**
     * Appends through a group commit; the same as {@link #appendAsync} followed by a wait.
     */
    @Override
    public AppendResult append(String clinicId, String deviceId, List<OpEnvelope> ops) {
        CompletableFuture<AppendResult> done = appendAsync(clinicId, deviceId, ops);
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the batch may still be written; the device learns it from the next ack (as a duplicate)
            throw new HubLogException(HubLogException.Reason.UNAVAILABLE, "interrupted while appending to the hub log " + location, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof HubLogException h ? h : new HubLogException(HubLogException.Reason.STORAGE, String.valueOf(e.getCause()), e.getCause());
        }
    }

    /**
     * Queues the batch for the committer, which writes the batches that wait together in one transaction, each in its
     * own savepoint, judged and numbered exactly as if alone and in arrival order (its device's and its clinic's rows
     * are locked as ever). The committed group then goes to the syncer, which forces the file to the disk once for
     * every group committed meanwhile and only then completes their stages; the committer writes the next group while
     * it does. So the pushes that arrive while a commit runs share it, a device's next push need not wait for the
     * forced write of the one before, and nothing is reported stored before it is on the disk
     * ({@link HubLogSettings#forceEachCommit()}).
     */
    @Override
    public CompletableFuture<AppendResult> appendAsync(String clinicId, String deviceId, List<OpEnvelope> ops) {
        Request request = new Request(clinicId, deviceId, ops);
        if (closed) {
            request.done().completeExceptionally(closedFailure());
            return request.done();
        }
        pending.add(request);
        if (closed && pending.remove(request)) {
            request.done().completeExceptionally(closedFailure());
        }
        return request.done();
    }

    private HubLogException closedFailure() {
        return new HubLogException(HubLogException.Reason.UNAVAILABLE, "The hub log " + settings.dataFile() + " is closed", null);
    }

    /** One caller's batch waiting for a group commit. */
    private record Request(String clinicId, String deviceId, List<OpEnvelope> ops, CompletableFuture<AppendResult> done) {
        Request(String clinicId, String deviceId, List<OpEnvelope> ops) {
            this(clinicId, deviceId, ops, new CompletableFuture<>());
        }
    }

    /** A group written and committed, waiting for the forced write: its requests and their results, in order. */
    private record Written(List<Request> requests, List<AppendResult> results) {
        void complete() {
            for (int i = 0; i < requests.size(); i++) {
                requests.get(i).done().complete(results.get(i));
            }
        }

        void fail(HubLogException e) {
            requests.forEach(r -> r.done().completeExceptionally(e));
        }
    }

    /** The committer thread: takes the waiting batches (up to a bound) and writes each group in one transaction. */
    private void commitLoop() {
        while (true) {
            Request first;
            try {
                first = pending.take();
            } catch (InterruptedException e) {
                return;
            }
            if (first == STOP) {
                return;
            }
            List<Request> group = new ArrayList<>();
            group.add(first);
            int opCount = first.ops().size();
            for (Request r; opCount < MAX_GROUP_OPS && (r = pending.peek()) != null && r != STOP;) {
                group.add(pending.poll());
                opCount += r.ops().size();
            }
            Written written = commitGroup(group, opCount);
            if (written != null) {
                synced.add(written);
            }
        }
    }

    /**
     * Writes a group in one transaction and commits it; the stages of its requests complete here when it wrote nothing
     * or fails, or when nothing needs forcing.
     *
     * @return the committed group when it waits for the forced write, else null
     */
    private Written commitGroup(List<Request> group, int opCount) {
        for (int attempt = 1;; attempt++) {
            List<AppendResult> results = new ArrayList<>(group.size());
            // from the pool itself: what was queued before the log closed is still written
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                boolean wrote = false;
                try {
                    for (Request r : group) {
                        Savepoint before = c.setSavepoint();
                        AppendResult result = appendIn(c, r.clinicId(), r.deviceId(), r.ops());
                        if (result.accepted().isEmpty()) {
                            // nothing of this batch stays, not even a new device's head row
                            c.rollback(before);
                        } else {
                            wrote = true;
                        }
                        results.add(result);
                    }
                    if (wrote) {
                        c.commit();
                    } else {
                        c.rollback();
                    }
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                }
                Written written = new Written(group, results);
                if (wrote && settings.forceEachCommit()) {
                    return written;
                }
                written.complete();
                return null;
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && lostRace(e)) {
                    continue;
                }
                new Written(group, results).fail(failure("append " + opCount + " operations of " + group.size() + " batches (device "
                        + group.get(0).deviceId() + " first) to", e));
                return null;
            } catch (RuntimeException e) {
                HubLogException failure = e instanceof HubLogException h ? h
                        : new HubLogException(HubLogException.Reason.STORAGE, "Could not append to the hub log " + location + ": " + e, e);
                new Written(group, results).fail(failure);
                return null;
            }
        }
    }

    /**
     * The syncer thread: forces the file once for every group committed since the last force, then completes their
     * stages in commit order.
     */
    private void syncLoop() {
        List<Written> groups = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            groups.clear();
            try {
                groups.add(synced.take());
            } catch (InterruptedException e) {
                return;
            }
            synced.drainTo(groups);
            stopping = groups.remove(STOP_WRITTEN);
            if (groups.isEmpty()) {
                continue;
            }
            HubLogException failure = null;
            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            } catch (SQLException e) {
                failure = failure("force " + groups.size() + " committed groups of", e);
            } catch (RuntimeException e) {
                failure = new HubLogException(HubLogException.Reason.STORAGE, "Could not force the hub log " + location + " to the disk: " + e, e);
            }
            for (Written w : groups) {
                if (failure == null) {
                    w.complete();
                } else {
                    // committed but perhaps not on the disk: not reported; the device pushes again and learns it as a duplicate
                    w.fail(failure);
                }
            }
        }
    }

    private AppendResult appendIn(Connection c, String clinicId, String deviceId, List<OpEnvelope> ops) throws SQLException {
        ChainHead head = ChainHead.empty(deviceId);
        String headClinic = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT clinic_id, last_seq, last_hash, last_hlc FROM hub_device_head WHERE device_id = ? FOR UPDATE")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    headClinic = rs.getString(1);
                    head = new ChainHead(deviceId, rs.getLong(2), rs.getString(3), rs.getString(4));
                }
            }
        }
        if (headClinic == null) {
            // the device's first push: its head row is created, and locked, by this transaction
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO hub_device_head (device_id, clinic_id, last_seq, last_hash, last_hlc) VALUES (?, ?, 0, ?, NULL)")) {
                ps.setString(1, deviceId);
                ps.setString(2, clinicId);
                ps.setString(3, OpHashes.GENESIS);
                ps.executeUpdate();
            }
        }
        Map<String, BatchCheck.HeldOp> held = heldOps(c, ops);
        BatchCheck.Plan plan;
        try {
            plan = plan(c, clinicId, deviceId, head, headClinic, ops, held);
        } catch (HeldLookupFailed e) {
            throw (SQLException) e.getCause();
        }
        if (plan.toAppend().isEmpty()) {
            return new AppendResult(head, List.of(), plan.duplicates(), plan.rejects());
        }
        long last = lockClinicSequencer(c, clinicId);
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
        try (PreparedStatement ps = c.prepareStatement("UPDATE hub_device_head SET last_seq = ?, last_hash = ?, last_hlc = ? WHERE device_id = ?")) {
            ps.setLong(1, after.seq());
            ps.setString(2, after.hash());
            ps.setString(3, after.hlc());
            ps.setString(4, deviceId);
            ps.executeUpdate();
        }
        return new AppendResult(after, accepted, plan.duplicates(), plan.rejects());
    }

    /** Locks the clinic's sequencer row until the commit and returns its last serverSeq (creating it at 0). */
    private static long lockClinicSequencer(Connection c, String clinicId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM hub_clinic_seq WHERE clinic_id = ? FOR UPDATE")) {
            ps.setString(1, clinicId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hub_clinic_seq (clinic_id, last_seq) VALUES (?, 0)")) {
            ps.setString(1, clinicId);
            ps.executeUpdate();
        }
        return 0;
    }

    private static BatchCheck.Plan plan(Connection c, String clinicId, String deviceId, ChainHead head, String headClinic, List<OpEnvelope> ops,
            Map<String, BatchCheck.HeldOp> held) {
        return BatchCheck.plan(clinicId, deviceId, head, headClinic, ops, new BatchCheck.Held() {
            @Override
            public Optional<BatchCheck.HeldOp> byOpId(String opId) {
                return Optional.ofNullable(held.get(opId));
            }

            @Override
            public Optional<String> clinicAt(long deviceSeq) {
                try {
                    return opClinicAt(c, deviceId, deviceSeq);
                } catch (SQLException e) {
                    throw new HeldLookupFailed(e);
                }
            }
        });
    }

    /** The clinic a device's held operation names (see {@link BatchCheck.Held#clinicAt}). */
    static Optional<String> opClinicAt(Connection c, String deviceId, long deviceSeq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(op_clinic_id, clinic_id) FROM hub_op WHERE device_id = ? AND device_seq = ?")) {
            ps.setString(1, deviceId);
            ps.setLong(2, deviceSeq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** A lookup inside {@link BatchCheck} failed; carries the SQL error out of the callback. */
    private static final class HeldLookupFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HeldLookupFailed(SQLException cause) {
            super(cause);
        }
    }

    /** The operations of the batch that the log already holds, by opId, in one query. */
    private static Map<String, BatchCheck.HeldOp> heldOps(Connection c, List<OpEnvelope> ops) throws SQLException {
        Map<String, BatchCheck.HeldOp> held = new HashMap<>();
        if (ops.isEmpty()) {
            return held;
        }
        // an IN list, which H2 answers from the op_id index
        String marks = String.join(", ", Collections.nCopies(ops.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT op_id, device_id, device_seq, hash FROM hub_op WHERE op_id IN (" + marks + ")")) {
            for (int i = 0; i < ops.size(); i++) {
                ps.setString(i + 1, ops.get(i).opId());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.put(rs.getString(1), new BatchCheck.HeldOp(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
                }
            }
        }
        return held;
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
        try (Connection c = connection()) {
            // one snapshot for the whole page; ordered by the whole primary key, so H2 reads the index in order and stops
            // after the page instead of sorting every later operation of the clinic
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SELECT_COLUMNS
                    + " FROM hub_op WHERE clinic_id = ? AND server_seq > ? ORDER BY clinic_id, server_seq LIMIT ?")) {
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
            } finally {
                rollbackQuietly(c);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw failure("read operations of clinic " + clinicId + " after serverSeq " + afterServerSeq + " from", e);
        }
    }

    @Override
    public ChainHead deviceHead(String deviceId) {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash, last_hlc FROM hub_device_head WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new ChainHead(deviceId, rs.getLong(1), rs.getString(2), rs.getString(3)) : ChainHead.empty(deviceId);
            }
        } catch (SQLException e) {
            throw failure("read the head of device " + deviceId + " from", e);
        }
    }

    private static OpEnvelope read(ResultSet rs) throws SQLException {
        return new OpEnvelope(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getLong(8), rs.getString(9), Instant.ofEpochMilli(rs.getLong(10)), rs.getInt(11), rs.getString(12), rs.getString(13),
                rs.getString(14), rs.getLong(15), Instant.ofEpochMilli(rs.getLong(16)));
    }

    // ---------------------------------------------------------------- plumbing

    private Connection connection() throws SQLException {
        if (closed) {
            throw new HubLogException(HubLogException.Reason.UNAVAILABLE, "The hub log " + settings.dataFile() + " is closed", null);
        }
        return pool.getConnection();
    }

    /** Two transactions created the same head or sequencer row at once, or H2 saw a write conflict: try again. */
    private static boolean lostRace(SQLException e) {
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == 90131 || e.getErrorCode() == 40001;
    }

    private HubLogException failure(String what, SQLException e) {
        HubLogException.Reason reason = switch (e.getErrorCode()) {
            case 50200, 40001, 90131 -> HubLogException.Reason.BUSY;
            case 90098, 90121 -> HubLogException.Reason.UNAVAILABLE;
            default -> closed ? HubLogException.Reason.UNAVAILABLE : HubLogException.Reason.STORAGE;
        };
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return new HubLogException(reason, "Could not " + what + " the hub log " + location + ": " + first, e);
    }

    /** Waits for a thread of the log to end, interrupting it after a while (a stuck disk). */
    private static void joinQuietly(Thread t) {
        try {
            t.join(30_000);
            if (t.isAlive()) {
                t.interrupt();
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is broken; the pool replaces it and the transaction is gone with it
        }
    }

    @Override
    public void close() {
        closed = true;
        // what was queued before is still written and forced; then both threads end
        pending.add(STOP);
        joinQuietly(committer);
        synced.add(STOP_WRITTEN);
        joinQuietly(syncer);
        HubLogException gone = closedFailure();
        for (Request r; (r = pending.poll()) != null;) {
            r.done().completeExceptionally(gone);
        }
        for (Written w; (w = synced.poll()) != null;) {
            w.fail(gone);
        }
        pool.dispose();
        unlock.close();
        LOG.log(System.Logger.Level.INFO, "Hub log {0} closed", settings.dataFile());
    }
}
