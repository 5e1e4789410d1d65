package org.salus.sync.mqtt.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;
import org.salus.core.store.ChainConflictException;
import org.salus.core.store.ClinicStore;
import org.salus.core.store.OpApplier;
import org.salus.core.store.OpLogReader;
import org.salus.core.store.StoreTransaction;
import org.salus.core.store.StoreWork;

/**
 * A clinic store in memory for unit tests: the op log, chain heads and meta values, with transactions that keep
 * nothing when the work throws. It has no projection tables (no connection).
 */
final class MemoryStore implements ClinicStore {

    private List<OpEnvelope> log = new ArrayList<>();
    private Map<String, ChainHead> heads = new TreeMap<>();
    private Map<String, String> meta = new HashMap<>();
    int writes;

    @Override
    public synchronized <T> T write(StoreWork<T> work) {
        Tx tx = new Tx(new ArrayList<>(log), new TreeMap<>(heads), new HashMap<>(meta), true);
        T result = run(work, tx);
        log = tx.log;
        heads = tx.heads;
        meta = tx.meta;
        writes++;
        return result;
    }

    @Override
    public synchronized <T> T read(StoreWork<T> work) {
        return run(work, new Tx(log, heads, meta, false));
    }

    private static <T> T run(StoreWork<T> work, Tx tx) {
        try {
            return work.run(tx);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long rebuildProjections(OpApplier applier) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String location() {
        return "memory";
    }

    /** Appends this device's own operation, as a command would. */
    void record(OpEnvelope op) {
        write(tx -> {
            tx.append(op);
            return null;
        });
    }

    synchronized List<OpEnvelope> ops() {
        return List.copyOf(log);
    }

    synchronized Optional<String> metaValue(String key) {
        return Optional.ofNullable(meta.get(key));
    }

    private static final class Tx implements StoreTransaction, OpLogReader {
        final List<OpEnvelope> log;
        final Map<String, ChainHead> heads;
        final Map<String, String> meta;
        final boolean writable;

        Tx(List<OpEnvelope> log, Map<String, ChainHead> heads, Map<String, String> meta, boolean writable) {
            this.log = log;
            this.heads = heads;
            this.meta = meta;
            this.writable = writable;
        }

        @Override
        public Connection connection() {
            throw new UnsupportedOperationException("no projection tables in memory");
        }

        @Override
        public boolean writable() {
            return writable;
        }

        @Override
        public ChainHead chainHead(String deviceId) {
            return heads.getOrDefault(deviceId, ChainHead.empty(deviceId));
        }

        @Override
        public void append(OpEnvelope op) {
            if (!writable) {
                throw new IllegalStateException("read transaction");
            }
            // the H2 store's wording
            if (find(op.opId()).isPresent()) {
                throw new ChainConflictException("operation " + op.opId() + " is already in the op log");
            }
            if (!chainHead(op.deviceId()).isContinuedBy(op)) {
                throw new ChainConflictException("operation " + op.opId() + " (device " + op.deviceId() + ", seq " + op.deviceSeq()
                        + ") does not continue the device's chain, which ends at seq " + chainHead(op.deviceId()).seq());
            }
            log.add(op);
            heads.put(op.deviceId(), ChainHead.after(op));
        }

        @Override
        public Optional<String> meta(String key) {
            return Optional.ofNullable(meta.get(key));
        }

        @Override
        public void putMeta(String key, String value) {
            meta.put(key, value);
        }

        @Override
        public OpLogReader opLog() {
            return this;
        }

        @Override
        public Optional<OpEnvelope> find(String opId) {
            return log.stream().filter(o -> o.opId().equals(opId)).findFirst();
        }

        @Override
        public OpPage query(OpQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> latestHlc() {
            return log.stream().map(OpEnvelope::hlc).max(String::compareTo);
        }

        @Override
        public long count() {
            return log.size();
        }

        @Override
        public List<ChainHead> chainHeads() {
            return List.copyOf(heads.values());
        }

        @Override
        public void scanDevice(String deviceId, long fromSeq, Predicate<OpEnvelope> visitor) {
            for (OpEnvelope op : log.stream().filter(o -> o.deviceId().equals(deviceId) && o.deviceSeq() >= fromSeq)
                    .sorted((x, y) -> Long.compare(x.deviceSeq(), y.deviceSeq())).toList()) {
                if (!visitor.test(op)) {
                    return;
                }
            }
        }

        @Override
        public Optional<String> hashAt(String deviceId, long deviceSeq) {
            return log.stream().filter(o -> o.deviceId().equals(deviceId) && o.deviceSeq() == deviceSeq).map(OpEnvelope::hash).findFirst();
        }
    }
}
