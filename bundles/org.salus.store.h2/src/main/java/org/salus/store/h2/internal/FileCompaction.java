package org.salus.store.h2.internal;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * Keeps an H2 store file dense. With {@code WRITE_DELAY=0} H2 runs no background housekeeping, and a process that is
 * killed never runs the compaction H2 does on a clean close: every commit leaves a small chunk, most of them partly
 * dead, and the file grows and takes longer to open with each crash. The store compacts when it opens (after a crash
 * or not) and when it is idle, whenever the file is wasteful: live data fills too little of the file or of its
 * chunks; under a steady stream of writes only when the waste is gross, since a compaction rewrites the live data.
 * <p>
 * The file's figures come from H2's {@code INFORMATION_SCHEMA.SETTINGS}; compacting needs H2's {@code MVStore}, which
 * H2 only reaches from a JDBC connection through its engine classes (public, but in packages it does not export), so
 * they are looked up by reflection. With an H2 that lacks them the store works as before, uncompacted, and says so.
 */
final class FileCompaction {

    private static final System.Logger LOG = System.getLogger(FileCompaction.class.getName());
    /** Files below this size are left alone: compacting them saves nothing worth the time. */
    static final long MIN_FILE_SIZE = 2L * 1024 * 1024;
    /** Compact when live data fills less than this percentage of the file or of its chunks. */
    static final int MIN_FILL_RATE = 60;
    /** Most bytes moved or rewritten in one step of a compaction. */
    private static final int STEP_BYTES = 2 * 1024 * 1024;
    /** Chunks are rewritten until their live pages fill this percentage (H2's own target for its background compaction). */
    private static final int REWRITE_BELOW_FILL_RATE = 90;

    private static volatile boolean reflectionFailed;

    /** What H2 reports about a store file. */
    record FileState(long size, int fillRate, int chunksFillRate, long chunks) {

        /** Whether the file holds enough dead space to be worth compacting. */
        boolean wasteful() {
            return wasteful(MIN_FILL_RATE);
        }

        /** Whether live data fills less than {@code minFillRate} % of the file or of its chunks. */
        boolean wasteful(int minFillRate) {
            return size >= MIN_FILE_SIZE && (fillRate < minFillRate || chunksFillRate < minFillRate);
        }

        @Override
        public String toString() {
            return size / 1024 + " KiB, " + chunks + " chunks, " + fillRate + " % of the file and " + chunksFillRate + " % of its chunks live";
        }
    }

    private FileCompaction() {
    }

    /** The file's size, chunk count and fill rates, as H2 reports them to SQL. */
    static FileState state(Connection c) throws SQLException {
        Map<String, String> info = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM"
                + " INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME IN ('info.FILE_SIZE', 'info.FILL_RATE', 'info.CHUNKS_FILL_RATE',"
                + " 'info.CHUNK_COUNT')")) {
            while (rs.next()) {
                info.put(rs.getString(1), rs.getString(2));
            }
        }
        return new FileState(number(info, "info.FILE_SIZE"), (int) number(info, "info.FILL_RATE"),
                (int) number(info, "info.CHUNKS_FILL_RATE"), number(info, "info.CHUNK_COUNT"));
    }

    private static long number(Map<String, String> info, String key) {
        String v = info.get(key);
        return v == null ? -1 : Long.parseLong(v.trim());
    }

    /**
     * Compacts the file if it is wasteful: rewrites the live pages of sparse chunks into new ones, moves chunks into
     * the holes and truncates the file, for at most about {@code maxMillis}. Call it with no transaction open on
     * {@code c} and no other writer at work; readers may go on. Never fails the caller: compaction is an optimisation.
     *
     * @return the file's state afterwards, or null when the file was not wasteful or compaction is not possible here
     */
    static FileState compactIfWasteful(Connection c, int minFillRate, long maxMillis, String location) {
        try {
            FileState before = state(c);
            if (!before.wasteful(minFillRate)) {
                return null;
            }
            MVStore store = mvStore(c);
            if (store == null) {
                return null;
            }
            long t0 = System.nanoTime();
            compact(store, maxMillis);
            FileState after = state(c);
            LOG.log(System.Logger.Level.INFO, "Clinic store {0} compacted in {1} ms: from {2} to {3}", location,
                    (System.nanoTime() - t0) / 1_000_000, before, after);
            return after;
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Clinic store " + location + " could not be compacted (it works on, uncompacted): " + e);
            return null;
        }
    }

    // In steps of a few MiB, so that the time limit holds: each step rewrites the live pages of the sparsest chunks
    // into new ones and stores them, then moves chunks into the holes and truncates the file (H2 syncs the file before
    // it overwrites anything).
    private static void compact(MVStore store, long maxMillis) {
        int retention = store.getRetentionTime();
        long stopAt = System.nanoTime() + maxMillis * 1_000_000L;
        try {
            // chunks that died since the last commit may be reused at once: every chunk they could be needed by is written
            store.setRetentionTime(0);
            FileStore<?> file = store.getFileStore();
            while (!store.isClosed()) {
                boolean rewrote = store.compact(REWRITE_BELOW_FILL_RATE, STEP_BYTES);
                store.commit();
                boolean moving = false;
                if (file instanceof RandomAccessStore random) {
                    int before = store.getFillRate();
                    // a move copies a chunk's bytes (no page is read): every chunk may move, however big
                    random.compactMoveChunks(101, Math.max(STEP_BYTES, random.size()), store);
                    int after = store.getFillRate();
                    // holes left between dense chunks: go on moving while each step fills more of the file
                    moving = after > before && after < REWRITE_BELOW_FILL_RATE;
                }
                if (!rewrote && !moving || System.nanoTime() - stopAt > 0) {
                    break;
                }
            }
        } finally {
            if (!store.isClosed()) {
                store.setRetentionTime(retention);
            }
        }
    }

    /** H2's MVStore behind a JDBC connection of an embedded database, or null when this H2 does not offer it. */
    static MVStore mvStore(Connection c) throws SQLException {
        if (reflectionFailed) {
            return null;
        }
        // a closed connection fails here with an SQLException, which says nothing about this H2 and disables nothing
        org.h2.jdbc.JdbcConnection h2 = c.unwrap(org.h2.jdbc.JdbcConnection.class);
        try {
            Object session = call(h2, "getSession");
            Object database = call(session, "getDatabase");
            Object store = call(database, "getStore");
            return (MVStore) call(store, "getMvStore");
        } catch (ReflectiveOperationException | ClassCastException e) {
            reflectionFailed = true;
            LOG.log(System.Logger.Level.WARNING, "This H2 does not let the clinic store compact its file (" + e
                    + "); the file is compacted only when it is closed");
            return null;
        }
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        Method m = target.getClass().getMethod(method);
        return m.invoke(target);
    }
}
