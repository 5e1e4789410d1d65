package org.salus.hub.internal.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.salus.hub.device.DeviceIdentity;
import org.salus.hub.device.DeviceRegistry;
import org.salus.hub.monitor.DeviceSyncStatus;
import org.salus.hub.monitor.Latency;
import org.salus.hub.monitor.SyncMonitor;
import org.salus.hub.monitor.SyncTotals;
import org.salus.sync.wire.Reject;

/**
 * Keeps what the sync service answered, in memory, for {@link SyncMonitor}: totals, latency histograms and one status
 * per device. It outlives the sync service (which restarts when its broker changes), so figures count from the hub's
 * start. Thread-safe; recording takes no lock shared between devices.
 */
@Component(name = "org.salus.hub.sync.monitor", service = { SyncMonitor.class, SyncRecorder.class })
public class SyncMetrics implements SyncMonitor, SyncRecorder {

    /** Upper bounds of the latency buckets, in milliseconds. */
    static final double[] BOUNDS = { 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000 };

    private final Clock clock;
    private final LongAdder pushes = new LongAdder();
    private final LongAdder opsAccepted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder pulls = new LongAdder();
    private final LongAdder opsServed = new LongAdder();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final Histogram pushLatency = new Histogram();
    private final Histogram pullLatency = new Histogram();
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    /** The highest serverSeq seen per clinic: how far its log goes, as far as this hub has seen since it started. */
    private final Map<String, AtomicLong> clinicHeads = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DeviceRegistry registry;

    @Activate
    public SyncMetrics() {
        this(Clock.systemUTC());
    }

    SyncMetrics(Clock clock) {
        this.clock = clock;
    }

    void setRegistry(DeviceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void pushed(String clinicId, String deviceId, int accepted, int dups, List<Reject> rejects, long ackedDeviceSeq, long newestServerSeq) {
        pushes.increment();
        opsAccepted.add(accepted);
        duplicates.add(dups);
        Device d = device(clinicId, deviceId);
        Instant now = clock.instant();
        synchronized (d) {
            d.lastPush = now;
            d.ackedDeviceSeq = Math.max(d.ackedDeviceSeq, ackedDeviceSeq);
            if (!rejects.isEmpty()) {
                Reject first = rejects.get(0);
                d.lastError = describe(first) + (rejects.size() > 1 ? " (and " + (rejects.size() - 1) + " more)" : "");
                d.lastErrorAt = now;
            }
        }
        rejects.forEach(r -> rejected.computeIfAbsent(r.reason().name(), k -> new LongAdder()).increment());
        if (newestServerSeq > 0) {
            clinicHeads.computeIfAbsent(clinicId, k -> new AtomicLong()).accumulateAndGet(newestServerSeq, Math::max);
        }
    }

    @Override
    public void pulled(String clinicId, String deviceId, int ops, long cursor, boolean more) {
        pulls.increment();
        opsServed.add(ops);
        if (!more) {
            // the page reached the end of the clinic's log: that is how far the log goes now
            clinicHeads.computeIfAbsent(clinicId, k -> new AtomicLong()).accumulateAndGet(cursor, Math::max);
        }
        Device d = device(clinicId, deviceId);
        synchronized (d) {
            d.lastPull = clock.instant();
            d.pullCursor = Math.max(d.pullCursor, cursor);
        }
    }

    @Override
    public void refused(String clinicId, String deviceId, Reject reason) {
        rejected.computeIfAbsent(reason.reason().name(), k -> new LongAdder()).increment();
        Device d = device(clinicId, deviceId);
        synchronized (d) {
            d.lastError = describe(reason);
            d.lastErrorAt = clock.instant();
        }
    }

    @Override
    public void answered(Kind kind, String clinicId, String deviceId, long nanos, Instant sentAt, Instant arrivedAt) {
        (kind == Kind.PUSH ? pushLatency : pullLatency).record(nanos / 1e6);
        if (sentAt != null && arrivedAt != null) {
            Device d = device(clinicId, deviceId);
            synchronized (d) {
                d.clockSkewMillis = Duration.between(arrivedAt, sentAt).toMillis();
            }
        }
    }

    @Override
    public List<DeviceSyncStatus> devices() {
        Map<String, DeviceSyncStatus> out = new TreeMap<>();
        for (Device d : devices.values()) {
            long head = clinicHeads.getOrDefault(d.clinicId, new AtomicLong()).get();
            synchronized (d) {
                out.put(d.clinicId + "\n" + d.deviceId, new DeviceSyncStatus(d.deviceId, d.clinicId, d.lastPush, d.lastPull, d.ackedDeviceSeq,
                        d.pullCursor, Math.max(0, head - d.pullCursor), d.lastError, d.lastErrorAt, d.clockSkewMillis));
            }
        }
        DeviceRegistry r = registry;
        if (r != null) {
            for (DeviceIdentity known : r.devices()) {
                // an enrolled device not heard from since the hub started: it has everything of its clinic to pull
                out.computeIfAbsent(known.clinicId() + "\n" + known.deviceId(), k -> new DeviceSyncStatus(known.deviceId(), known.clinicId(),
                        null, null, 0, 0, clinicHeads.getOrDefault(known.clinicId(), new AtomicLong()).get(), null, null, null));
            }
        }
        return new ArrayList<>(out.values());
    }

    @Override
    public SyncTotals totals() {
        Map<String, Long> r = new TreeMap<>();
        rejected.forEach((k, v) -> r.put(k, v.sum()));
        return new SyncTotals(pushes.sum(), opsAccepted.sum(), duplicates.sum(), r, pulls.sum(), opsServed.sum(), pushLatency.snapshot(),
                pullLatency.snapshot());
    }

    private Device device(String clinicId, String deviceId) {
        return devices.computeIfAbsent(clinicId + "\n" + deviceId, k -> new Device(clinicId, deviceId));
    }

    private static String describe(Reject r) {
        return r.reason().name() + (r.opId() == null ? "" : " (operation " + r.opId() + ", deviceSeq " + r.deviceSeq() + ")") + ": " + r.detail();
    }

    /** One device's figures; guarded by its own monitor. */
    private static final class Device {
        final String clinicId;
        final String deviceId;
        Instant lastPush;
        Instant lastPull;
        long ackedDeviceSeq;
        long pullCursor;
        String lastError;
        Instant lastErrorAt;
        Long clockSkewMillis;

        Device(String clinicId, String deviceId) {
            this.clinicId = clinicId;
            this.deviceId = deviceId;
        }
    }

    /** A cumulative latency histogram over {@link #BOUNDS}, lock-free. */
    static final class Histogram {
        private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS.length + 1);
        /** The sum in microseconds, so that it adds up without a lock. */
        private final LongAdder sumMicros = new LongAdder();

        void record(double millis) {
            int i = 0;
            while (i < BOUNDS.length && millis > BOUNDS[i]) {
                i++;
            }
            buckets.incrementAndGet(i);
            sumMicros.add(Math.round(millis * 1000));
        }

        Latency snapshot() {
            List<Double> bounds = new ArrayList<>();
            List<Long> cumulative = new ArrayList<>();
            long running = 0;
            for (int i = 0; i < BOUNDS.length; i++) {
                bounds.add(BOUNDS[i]);
                running += buckets.get(i);
                cumulative.add(running);
            }
            running += buckets.get(BOUNDS.length);
            cumulative.add(running);
            return new Latency(bounds, cumulative, sumMicros.sum() / 1000.0);
        }
    }
}
