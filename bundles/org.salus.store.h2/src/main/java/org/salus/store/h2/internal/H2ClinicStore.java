package org.salus.store.h2.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.store.fs.FileUtils;
import org.salus.core.op.ChainReport;
import org.salus.core.store.ClinicStore;
import org.salus.core.store.DatabaseKeyProvider;
import org.salus.core.store.OpApplier;
import org.salus.core.store.StoreClosedException;
import org.salus.core.store.StoreException;
import org.salus.core.store.StoreWork;
import org.salus.store.h2.internal.crypt.EncryptedFilePath;
import org.salus.store.h2.internal.crypt.KeyMismatchException;

/**
 * The clinic store in one encrypted H2 file (H2's {@code CIPHER=AES} format, through {@link EncryptedFilePath}).
 * Writes are serialised on one connection, reads use a few pooled connections with snapshot isolation. Opening checks
 * the file, applies migrations and verifies the end of every device chain; a store that fails any of this is not
 * opened (see {@link StoreOpenException}).
 * Plain Java: {@code H2ClinicStore.open(H2StoreSettings.of(path), keyProvider)} works without OSGi.
 */
public final class H2ClinicStore implements ClinicStore, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(H2ClinicStore.class.getName());
    /** What an encrypted H2 file starts with. */
    private static final byte[] ENCRYPTED_HEADER = "H2encrypt\n".getBytes(StandardCharsets.US_ASCII);
    /** Smallest size of a real store file; anything shorter is truncated. */
    private static final long MIN_FILE_SIZE = 8192;
    /** Most time a start spends compacting a wasteful file. */
    private static final long OPEN_COMPACTION_MILLIS = 5_000;
    /** How many write transactions pass between two looks at the file's fill rate, and the time a compaction then takes. */
    private static final int COMPACTION_CHECK_WRITES = 5_000;
    private static final long RUNNING_COMPACTION_MILLIS = 500;
    /**
     * While writes go on, compact only when live data fills under this percentage (a compaction rewrites the live data,
     * which costs every write more than the dead chunks do); once the store has had no write for half a minute, under
     * the usual 60 %. H2 keeps dead chunks for its retention time (45 s), so right after work every file looks wasteful.
     */
    private static final int BUSY_COMPACTION_FILL_RATE = 20;
    private static final long IDLE_NANOS = 30_000_000_000L;
    /** A write wakes the indexer once this many operations wait for the audit index; it looks every second otherwise. */
    static final int AUDIT_INDEX_BATCH = 256;
    private static final long AUDIT_INDEX_IDLE_MILLIS = 1_000;
    /**
     * The indexer waits for the writes to pause this long, so that it does not slow down a burst of them (a sync
     * catch-up applies one page after another), and stops again when the next write comes.
     */
    static final long AUDIT_INDEX_QUIET_MILLIS = 200;
    /**
     * Once this many operations wait, the indexer works between the writes even while they go on: an audit query reads
     * the unindexed tail of the op log row by row (measured: 0.4 to 0.7 s for 100,000), and this bounds that read. Below
     * it the index waits for a pause: indexing costs about 30 µs an operation under the write lock, which would slow a
     * sync catch-up of 100,000 operations by about 3 s.
     */
    static final long AUDIT_INDEX_MAX_TAIL = 200_000;
    /**
     * Most operations indexed in one transaction of the indexer. Larger transactions cost H2 more per operation: past
     * its write buffer it writes the open transaction's pages out before the commit and again at it (measured: 100,000
     * operations indexed in about 3 s in steps of 1,000, about 5 s in steps of 5,000).
     */
    private static final int AUDIT_INDEX_STEP = 1_000;
    private static final String[] PROJECTION_TABLES = {"stock_movement", "stock_batch", "medicine", "patient", "entity_record",
            "register_write", "register_conflict"};

    private final H2StoreSettings settings;
    private final JdbcDataSource dataSource;
    /** Holds the file key while the store is open. */
    private final EncryptedFilePath.Unlock unlock;
    private final Connection writer;
    private final ConcurrentLinkedQueue<Connection> idleReaders = new ConcurrentLinkedQueue<>();
    private final AtomicInteger readers = new AtomicInteger();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock(true);
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final int schemaVersion;
    private final CommitMark mark;
    private long opCount;
    private volatile int writesSinceCompactionCheck;
    private volatile long lastWriteNanos = System.nanoTime();
    /** Operations committed that the audit index does not cover yet (written under the write lock). */
    private volatile long unindexed;
    private final Object maintenanceSignal = new Object();
    private boolean markFailed;
    private volatile String closedReason;
    private volatile Consumer<StoreException> failureListener = e -> { };

    private H2ClinicStore(H2StoreSettings settings, JdbcDataSource dataSource, EncryptedFilePath.Unlock unlock, Connection writer,
            int schemaVersion, long opCount) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.unlock = unlock;
        this.writer = writer;
        this.schemaVersion = schemaVersion;
        this.opCount = opCount;
        this.mark = new CommitMark(CommitMark.of(settings));
    }

    /**
     * Opens (or creates) the store.
     *
     * @throws StoreOpenException when the file is damaged, not a store, tampered, locked, of a newer schema, or cannot be decrypted
     */
    public static H2ClinicStore open(H2StoreSettings settings, DatabaseKeyProvider keys) throws StoreOpenException {
        Path file = settings.dataFile();
        String location = "H2 file " + file;
        if (Files.exists(settings.quarantineReport())) {
            String firstLines = Quarantine.stickyReason(settings.quarantineReport());
            if (firstLines != null) {
                throw new StoreOpenException(StoreOpenException.Reason.QUARANTINED, file, "The clinic store " + file
                        + " was quarantined earlier (" + firstLines + ") and stays closed until a person releases it: restore the"
                        + " store or move the damaged file away, then delete " + settings.quarantineReport(), null);
            }
        }
        boolean existing = FileUtils.exists(settings.h2DataFile());
        if (existing) {
            precheck(settings, file);
        } else {
            FileUtils.createDirectories(FileUtils.getParent(settings.h2DataFile()));
            try {
                // a mark without its store belongs to a store that is gone
                Files.deleteIfExists(CommitMark.of(settings));
            } catch (IOException e) {
                throw new StoreOpenException(StoreOpenException.Reason.IO, file, "The old mark file " + CommitMark.of(settings)
                        + " cannot be removed: " + e.getMessage(), e);
            }
        }
        char[] key;
        try {
            key = keys.databaseKey(settings.storeName());
        } catch (StoreException e) {
            throw new StoreOpenException(StoreOpenException.Reason.NO_KEY, file, "No key for the clinic store " + file + ": "
                    + e.getMessage(), e);
        }
        // the file key protects the data (H2's file password, handed to the file system); H2's user password stays empty
        EncryptedFilePath.Unlock unlock = EncryptedFilePath.unlock(settings.database(), key);
        Arrays.fill(key, '\0');
        char[] password = new char[0];
        Connection writer = null;
        try {
            if (existing) {
                // every check runs on a read-only open first, so a store that fails one is left exactly as it was
                inspectReadOnly(settings, password);
            }
            JdbcDataSource ds = dataSource(settings, password, existing, false);
            writer = ds.getConnection();
            int version = Migrations.migrate(writer, existing, location);
            if (existing) {
                // a store that was killed never compacted its file on close: every crash would leave it bigger and slower to open
                FileCompaction.compactIfWasteful(writer, FileCompaction.MIN_FILL_RATE, OPEN_COMPACTION_MILLIS, location);
            }
            writer.setAutoCommit(false);
            H2ClinicStore store = new H2ClinicStore(settings, ds, unlock, writer, version, countOps(writer));
            // a killed process leaves up to a batch of operations unindexed: the indexer catches up from the op log
            store.unindexed = AuditIndex.behind(writer);
            writer.commit();
            store.recordMark();
            store.startMaintenance();
            LOG.log(System.Logger.Level.INFO, "Clinic store {0} open, schema version {1}", file, version);
            return store;
        } catch (SQLException e) {
            closeQuietly(writer);
            unlock.close();
            throw openFailure(settings, keys, e);
        } catch (Migrations.SchemaException e) {
            closeQuietly(writer);
            unlock.close();
            throw new StoreOpenException(e.damaged() ? StoreOpenException.Reason.CORRUPT : StoreOpenException.Reason.SCHEMA, file,
                    e.getMessage() + (e.damaged() ? ". " + RESTORE_ADVICE : ""), e);
        } catch (IOException e) {
            closeQuietly(writer);
            unlock.close();
            throw new StoreOpenException(StoreOpenException.Reason.IO, file, "The clinic store " + file + " could not be prepared: "
                    + e.getMessage(), e);
        } catch (StoreOpenException e) {
            closeQuietly(writer);
            unlock.close();
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(writer);
            unlock.close();
            throw new StoreOpenException(StoreOpenException.Reason.IO, file, "The clinic store " + file + " could not be opened: "
                    + e.getMessage(), e);
        }
    }

    private static JdbcDataSource dataSource(H2StoreSettings settings, char[] password, boolean existing, boolean readOnly) {
        JdbcDataSource ds = new JdbcDataSource();
        // the file is encrypted in H2's CIPHER=AES format by the salusaes file system, with the JDK's AES (ADR 0024)
        ds.setURL("jdbc:h2:" + EncryptedFilePath.url(settings.fileSystem(), settings.database()) + ";DB_CLOSE_ON_EXIT=FALSE"
                + (readOnly ? ";ACCESS_MODE_DATA=r" : ";WRITE_DELAY=0;LOCK_TIMEOUT=" + settings.lockTimeoutMillis() + ";QUERY_CACHE_SIZE=64")
                + ";IFEXISTS=" + (existing ? "TRUE" : "FALSE"));
        ds.setUser("salus");
        ds.setPasswordChars(password);
        return ds;
    }

    /**
     * Checks an existing store without writing to it: the schema is a Salus schema this version knows, no device's log
     * has gaps, and the end of every chain verifies.
     */
    private static void inspectReadOnly(H2StoreSettings settings, char[] password)
            throws SQLException, IOException, Migrations.SchemaException, StoreOpenException {
        String location = "H2 file " + settings.dataFile();
        Connection opened;
        try {
            opened = dataSource(settings, password, true, true).getConnection();
        } catch (SQLException e) {
            if (e.getErrorCode() == H2Errors.IO_EXCEPTION && H2Errors.causedBy(e, EOFException.class)) {
                throw new StoreOpenException(StoreOpenException.Reason.CORRUPT, settings.dataFile(), "The clinic store "
                        + settings.dataFile() + " is damaged: it ends before its own contents do (it was cut short). " + RESTORE_ADVICE, e);
            }
            if (e.getErrorCode() == H2Errors.DATABASE_IS_READ_ONLY || H2Errors.mentions(e, "NonWritableChannelException")) {
                // H2 wanted to repair the file while opening it: the file is damaged, and it stays as it is
                throw new StoreOpenException(StoreOpenException.Reason.CORRUPT, settings.dataFile(), "The clinic store "
                        + settings.dataFile() + " is damaged: it cannot be read without repairs that would change it. " + RESTORE_ADVICE, e);
            }
            throw e;
        }
        try (Connection c = opened) {
            Migrations.checkKnown(c, location);
            c.setAutoCommit(false);
            H2Transaction tx = new H2Transaction(c, false, location);
            try {
                String gap = gapIn(c);
                if (gap != null) {
                    throw new StoreOpenException(StoreOpenException.Reason.TAMPERED, settings.dataFile(), "The op log of the clinic store "
                            + settings.dataFile() + " has been altered: " + gap + ". " + RESTORE_ADVICE, null);
                }
                OptionalLong marked = CommitMark.read(CommitMark.of(settings));
                long held = countOps(c);
                if (marked.isPresent() && held < marked.getAsLong()) {
                    throw new StoreOpenException(StoreOpenException.Reason.CORRUPT, settings.dataFile(), "The clinic store "
                            + settings.dataFile() + " holds " + held + " operations, but " + marked.getAsLong() + " had been saved: the file"
                            + " lost its newest data (it was cut short, or replaced by an older copy). " + RESTORE_ADVICE
                            + ". If an older copy was restored on purpose, delete " + CommitMark.of(settings) + " as well", null);
                }
                ChainReport report = tx.opLog().verifyChains(settings.verifyTailOps());
                if (!report.intact()) {
                    throw new StoreOpenException(StoreOpenException.Reason.TAMPERED, settings.dataFile(), "The op log of the clinic store "
                            + settings.dataFile() + " has been altered: " + report.firstProblem().orElseThrow() + ". " + RESTORE_ADVICE, null);
                }
            } catch (StoreException e) {
                throw new StoreOpenException(StoreOpenException.Reason.IO, settings.dataFile(), e.getMessage(), e);
            } finally {
                tx.end();
                c.rollback();
            }
        }
    }

    private static final String RESTORE_ADVICE = "Nothing was changed in the file. Restore it from a backup, or move it away"
            + " and let the device pull its data again from the hub";

    /** Looks at the file before H2 does: H2 would treat a truncated or empty file as a new, empty database. */
    private static void precheck(H2StoreSettings settings, Path file) throws StoreOpenException {
        long size = FileUtils.size(settings.h2DataFile());
        byte[] head = new byte[ENCRYPTED_HEADER.length];
        int read = 0;
        try (InputStream in = FileUtils.newInputStream(settings.h2DataFile())) {
            while (read < head.length) {
                int n = in.read(head, read, head.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (IOException e) {
            throw new StoreOpenException(StoreOpenException.Reason.IO, file, "The clinic store " + file + " cannot be read: "
                    + e.getMessage(), e);
        }
        if (read < head.length || !Arrays.equals(head, ENCRYPTED_HEADER)) {
            boolean plainH2 = read >= 4 && head[0] == 'H' && head[1] == ':' && head[2] == '2';
            throw new StoreOpenException(StoreOpenException.Reason.NOT_A_STORE, file, "The file " + file + " is not an encrypted"
                    + " Salus store (" + (size == 0 ? "it is empty" : plainH2 ? "it is an unencrypted H2 database" : "it does not start"
                    + " like an encrypted H2 file") + "). " + RESTORE_ADVICE, null);
        }
        if (size < MIN_FILE_SIZE) {
            throw new StoreOpenException(StoreOpenException.Reason.CORRUPT, file, "The clinic store " + file + " is truncated ("
                    + size + " bytes). " + RESTORE_ADVICE, null);
        }
    }

    private static StoreOpenException openFailure(H2StoreSettings settings, DatabaseKeyProvider keys, SQLException e) {
        Path file = settings.dataFile();
        int code = e.getErrorCode();
        if (H2Errors.causedBy(e, KeyMismatchException.class) || (code == H2Errors.ENCRYPTION_ERROR && H2Errors.mentions(e, "header"))) {
            return new StoreOpenException(StoreOpenException.Reason.CANNOT_DECRYPT, file, "The clinic store " + file
                    + " cannot be decrypted with the key from " + keys.describe() + ": the key is wrong (restore the key that"
                    + " belongs to this store) or the file's header is damaged. Nothing was changed in the file.", e);
        }
        if (code == H2Errors.ENCRYPTION_ERROR || code == H2Errors.FILE_CORRUPTED) {
            return new StoreOpenException(StoreOpenException.Reason.CORRUPT, file, "The clinic store " + file
                    + " is damaged (" + H2Errors.firstLine(e.getCause() == null ? e : e.getCause()) + "). " + RESTORE_ADVICE, e);
        }
        if (code == H2Errors.DATABASE_ALREADY_OPEN) {
            return new StoreOpenException(StoreOpenException.Reason.LOCKED, file, "The clinic store " + file
                    + " is in use by another program (is another Salus running?): " + H2Errors.firstLine(e), e);
        }
        if (code == H2Errors.WRONG_USER_OR_PASSWORD) {
            return new StoreOpenException(StoreOpenException.Reason.NOT_A_STORE, file, "The file " + file
                    + " is an H2 database that does not belong to Salus (its user is not 'salus'). " + RESTORE_ADVICE, e);
        }
        if (code == H2Errors.IO_EXCEPTION && H2Errors.isDiskFull(e)) {
            return new StoreOpenException(StoreOpenException.Reason.IO, file, "The disk holding the clinic store " + file
                    + " is full: free some space and start again.", e);
        }
        return new StoreOpenException(StoreOpenException.Reason.IO, file, "The clinic store " + file + " could not be opened: "
                + H2Errors.firstLine(e), e);
    }

    private static long countOps(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM op_log")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Writes the op count after a commit; a failure to write it is reported once and never fails the commit. */
    private void recordMark() {
        try {
            mark.record(opCount);
        } catch (IOException e) {
            if (!markFailed) {
                markFailed = true;
                LOG.log(System.Logger.Level.WARNING, "The mark file " + CommitMark.of(settings) + " cannot be written (" + e
                        + "); a store cut short would not be noticed at the next start");
            }
        }
    }

    // Every device's log must hold exactly the deviceSeqs 1..head: a cheap index count that sees gaps anywhere, not only at the end.
    private static String gapIn(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT h.device_id, h.last_seq, COUNT(o.device_seq), MAX(o.device_seq), MIN(o.device_seq) FROM chain_head h"
                        + " LEFT JOIN op_log o ON o.device_id = h.device_id GROUP BY h.device_id, h.last_seq")) {
            while (rs.next()) {
                long head = rs.getLong(2);
                long count = rs.getLong(3);
                long max = rs.getLong(4);
                long min = rs.getLong(5);
                if (count != head || max != head || (count > 0 && min != 1)) {
                    return "device " + rs.getString(1) + " records " + head + " operations but the log holds " + count
                            + (count > 0 ? " (seq " + min + " to " + max + ")" : "");
                }
            }
            return null;
        }
    }

    /** Called (on its own thread) when the database fails in a way that closes it, such as a full disk. */
    public void onFailure(Consumer<StoreException> listener) {
        this.failureListener = listener;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public H2StoreSettings settings() {
        return settings;
    }

    @Override
    public String location() {
        return "H2 file " + settings.dataFile();
    }

    @Override
    public <T> T write(StoreWork<T> work) {
        enter();
        try {
            writeLock.lock();
            try {
                T result = inTransaction(writer, true, work);
                recordMark();
                lastWriteNanos = System.nanoTime();
                writesSinceCompactionCheck++;
                if (unindexed >= AUDIT_INDEX_BATCH || writesSinceCompactionCheck >= COMPACTION_CHECK_WRITES) {
                    signalMaintenance();
                }
                return result;
            } finally {
                writeLock.unlock();
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public <T> T read(StoreWork<T> work) {
        enter();
        try {
            Connection c = borrowReader();
            boolean healthy = false;
            try {
                T result = inTransaction(c, false, work);
                healthy = true;
                return result;
            } finally {
                returnReader(c, healthy);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public long rebuildProjections(OpApplier applier) {
        return write(tx -> {
            Connection c = tx.connection();
            try (Statement s = c.createStatement()) {
                for (String table : PROJECTION_TABLES) {
                    s.executeUpdate("DELETE FROM " + table);
                }
            }
            H2OpLog log = ((H2Transaction) tx).h2OpLog();
            long[] count = {0};
            long pos = 0;
            while (true) {
                long before = pos;
                pos = log.scanInAppendOrder(pos, 1000, op -> {
                    applier.apply(tx, op);
                    count[0]++;
                });
                if (pos == before) {
                    return count[0];
                }
            }
        });
    }

    /**
     * Indexes every committed operation that the audit index does not cover yet, now. Audit queries are exact
     * without it (they read the unindexed tail from the op log); the store's indexer does the same in the background,
     * in steps between the writes (see {@link #indexNow}).
     *
     * @return how many operations were indexed
     * @throws StoreClosedException when the store is closed
     */
    public long catchUpAuditIndex() {
        enter();
        try {
            writeLock.lock();
            try {
                long total = 0;
                while (unindexed > 0 || total == 0) {
                    int n = indexStep();
                    total += n;
                    if (n == 0) {
                        break;
                    }
                }
                unindexed = 0;
                return total;
            } finally {
                writeLock.unlock();
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Whether the background indexer works now: when operations wait and the writes have paused for {@link
     * #AUDIT_INDEX_QUIET_MILLIS}, or when the waiting tail has grown to {@link #AUDIT_INDEX_MAX_TAIL}.
     *
     * @param waiting operations the audit index does not cover yet
     * @param quietMillis time since the last write
     */
    static boolean indexNow(long waiting, long quietMillis) {
        return waiting > 0 && (quietMillis >= AUDIT_INDEX_QUIET_MILLIS || waiting >= AUDIT_INDEX_MAX_TAIL);
    }

    /**
     * The background indexer's turn: one step at a time, each under the write lock, for as long as {@link #indexNow}
     * says so, so that a write waits for one step at most and a burst of writes is not slowed down by the index.
     */
    private void indexWhileDue() {
        while (closedReason == null && indexNow(unindexed, quietMillis())) {
            enter();
            try {
                writeLock.lock();
                try {
                    int n = indexStep();
                    // no commit runs under the write lock: a short step has reached the end of the op log
                    unindexed = n < AUDIT_INDEX_STEP ? 0 : Math.max(0, unindexed - n);
                } finally {
                    writeLock.unlock();
                }
            } finally {
                lifecycle.readLock().unlock();
            }
        }
    }

    private long quietMillis() {
        return (System.nanoTime() - lastWriteNanos) / 1_000_000;
    }

    /** How long the background work may sleep before it looks again; 0 when something is due now. */
    private long maintenanceWaitMillis() {
        if (writesSinceCompactionCheck >= COMPACTION_CHECK_WRITES) {
            return 0;
        }
        long waiting = unindexed;
        long quiet = quietMillis();
        if (waiting == 0) {
            return AUDIT_INDEX_IDLE_MILLIS;
        }
        if (indexNow(waiting, quiet)) {
            return 0;
        }
        return waiting < AUDIT_INDEX_BATCH ? AUDIT_INDEX_IDLE_MILLIS : Math.max(1, AUDIT_INDEX_QUIET_MILLIS - quiet);
    }

    // one transaction of the indexer, on the writer connection under the write lock; not forced to the disk, since
    // the op log holds everything it writes
    private int indexStep() {
        try {
            int n = AuditIndex.indexNext(writer, AUDIT_INDEX_STEP);
            writer.commit();
            return n;
        } catch (SQLException e) {
            rollbackQuietly(writer);
            throw translate(location(), "indexing the audit trail", e, this);
        }
    }

    /**
     * Empties the audit index and indexes the whole op log again, in one transaction (a repair; the index is caught
     * up on its own after any crash).
     *
     * @return how many operations were indexed
     */
    public long rebuildAuditIndex() {
        enter();
        try {
            writeLock.lock();
            try {
                long n = AuditIndex.rebuild(writer);
                writer.commit();
                unindexed = 0;
                return n;
            } catch (SQLException e) {
                rollbackQuietly(writer);
                throw translate(location(), "rebuilding the audit index", e, this);
            } finally {
                writeLock.unlock();
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Operations committed that the audit index does not cover yet. */
    public long auditIndexLag() {
        return unindexed;
    }

    private void startMaintenance() {
        Thread t = new Thread(this::maintain, "salus-store-maintenance " + settings.storeName());
        t.setDaemon(true);
        t.start();
    }

    private void signalMaintenance() {
        synchronized (maintenanceSignal) {
            maintenanceSignal.notifyAll();
        }
    }

    // The store's background work: the audit index once the writes pause (see indexNow), and a look at
    // the file's fill rate once the store is idle or after many writes (H2 with WRITE_DELAY=0 never compacts a file
    // that stays open). Never interrupted: an interrupt during file I/O makes H2 close the file.
    private void maintain() {
        while (closedReason == null) {
            synchronized (maintenanceSignal) {
                long wait = maintenanceWaitMillis();
                if (wait > 0 && closedReason == null) {
                    try {
                        maintenanceSignal.wait(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            try {
                indexWhileDue();
                boolean idle = System.nanoTime() - lastWriteNanos >= IDLE_NANOS;
                if (writesSinceCompactionCheck >= COMPACTION_CHECK_WRITES || idle && writesSinceCompactionCheck > 0) {
                    compactIfWasteful(idle ? FileCompaction.MIN_FILL_RATE : BUSY_COMPACTION_FILL_RATE);
                }
            } catch (StoreClosedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Background work on the clinic store " + settings.dataFile() + " failed: " + e);
            }
        }
    }

    private void compactIfWasteful(int minFillRate) {
        enter();
        try {
            writeLock.lock();
            try {
                writesSinceCompactionCheck = 0;
                FileCompaction.FileState after = FileCompaction.compactIfWasteful(writer, minFillRate, RUNNING_COMPACTION_MILLIS, location());
                rollbackQuietly(writer);
                if (after != null && after.wasteful(minFillRate)) {
                    // the time ran out first: the next quiet second goes on
                    writesSinceCompactionCheck = 1;
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void enter() {
        lifecycle.readLock().lock();
        if (closedReason != null) {
            lifecycle.readLock().unlock();
            throw new StoreClosedException("the store " + settings.dataFile() + " is closed (" + closedReason + ")");
        }
    }

    private <T> T inTransaction(Connection c, boolean writable, StoreWork<T> work) {
        H2Transaction tx = new H2Transaction(c, writable, location());
        try {
            T result = work.run(tx);
            if (writable) {
                tx.writeHeads();
            }
            c.commit();
            if (writable) {
                opCount += tx.appended();
                unindexed += tx.appended();
            }
            if (writable && settings.durability() == H2StoreSettings.Durability.SYNC) {
                forceToDisk(c);
            }
            return result;
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw translate(location(), writable ? "saving" : "reading", e, this);
        } catch (StoreException e) {
            rollbackQuietly(c);
            checkAlive(e);
            throw e;
        } catch (RuntimeException | Error e) {
            rollbackQuietly(c);
            throw e;
        } finally {
            tx.end();
        }
    }

    // The commit has happened and is visible, so the work must not be reported as failed (it would be done twice); if it
    // cannot be forced to the disk, durability is in doubt and the store takes no more work until it is restarted.
    private void forceToDisk(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        } catch (SQLException e) {
            StoreException failure = new StoreException("The clinic store (" + location() + ") saved a change but could not force it"
                    + " to the disk (" + H2Errors.firstLine(e) + "); it takes no more work until it is restarted.", e);
            markFailed(failure);
        }
    }

    /** Turns an H2 error into a StoreException with words a person can act on. */
    static StoreException translate(String location, String doing, SQLException e) {
        if (H2Errors.isDiskFull(e)) {
            return new StoreException("The disk holding the clinic store (" + location + ") is full (No space left on device) while "
                    + doing + ". Nothing of this change was saved; free disk space, then restart the store.", e);
        }
        if (H2Errors.isClosed(e)) {
            return new StoreClosedException("the store (" + location + ") was closed after an earlier failure");
        }
        return new StoreException("The clinic store (" + location + ") failed while " + doing + ": " + H2Errors.firstLine(e), e);
    }

    private static StoreException translate(String location, String doing, SQLException e, H2ClinicStore store) {
        StoreException translated = translate(location, doing, e);
        store.checkAlive(translated);
        return translated;
    }

    // After a write failure H2 may close the database: then this store is closed too, and whoever opened it is told.
    private void checkAlive(StoreException cause) {
        if (H2Errors.isDiskFull(cause) || cause.getCause() instanceof SQLException sql && (H2Errors.isClosed(sql)
                || sql.getErrorCode() == 50000 && H2Errors.mentions(sql, "MVStoreException"))) {
            markFailed(cause);
        }
    }

    private void markFailed(StoreException cause) {
        if (closedReason == null) {
            closedReason = "it failed: " + cause.getMessage();
            LOG.log(System.Logger.Level.ERROR, "Clinic store " + settings.dataFile() + " failed and is closed: " + cause.getMessage());
            Consumer<StoreException> listener = failureListener;
            Thread t = new Thread(() -> listener.accept(cause), "salus-store-failure");
            t.setDaemon(true);
            t.start();
        }
    }

    private Connection borrowReader() {
        Connection c = idleReaders.poll();
        if (c != null) {
            return c;
        }
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            readers.incrementAndGet();
            return c;
        } catch (SQLException e) {
            throw translate(location(), "opening a read connection", e, this);
        }
    }

    private void returnReader(Connection c, boolean healthy) {
        if (healthy && closedReason == null && idleReaders.size() < settings.maxReaders()) {
            idleReaders.offer(c);
        } else {
            readers.decrementAndGet();
            closeQuietly(c);
        }
    }

    /** Whether the store is closed (after {@link #close()} or a failure). */
    public boolean isClosed() {
        return closedReason != null;
    }

    /** Finishes the work in progress, then closes the database. New work is refused with StoreClosedException. */
    @Override
    public void close() {
        if (closedReason == null) {
            closedReason = "stopped";
        }
        signalMaintenance();
        lifecycle.writeLock().lock();
        try {
            Connection c;
            while ((c = idleReaders.poll()) != null) {
                closeQuietly(c);
            }
            closeQuietly(writer);
            unlock.close();
            try {
                mark.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "The mark file " + CommitMark.of(settings) + " did not close cleanly: " + e);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the database may already be closed; there is nothing left to undo then
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing after a failure: the failure was already reported
            }
        }
    }

    @Override
    public String toString() {
        return "H2ClinicStore[" + settings.dataFile() + (closedReason == null ? "" : ", closed: " + closedReason) + "]";
    }
}
