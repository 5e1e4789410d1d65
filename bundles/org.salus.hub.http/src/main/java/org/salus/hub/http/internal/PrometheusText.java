package org.salus.hub.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.salus.hub.monitor.DeviceSyncStatus;
import org.salus.hub.monitor.Latency;
import org.salus.hub.monitor.SyncTotals;

/**
 * The hub's figures in the Prometheus text format (version 0.0.4). Counters only grow while the hub runs; rates such
 * as operations per second are for Prometheus to take ({@code rate(salus_hub_sync_ops_accepted_total[1m])}).
 */
final class PrometheusText {

    /** A device counts as active when it synced this recently. */
    static final Duration ACTIVE = Duration.ofMinutes(5);

    private final StringBuilder out = new StringBuilder(4096);

    /**
     * @param connectedDevices devices connected to the embedded broker now, or a negative number when unknown (an
     *        external broker)
     */
    static String render(boolean ready, int connectedDevices, SyncTotals totals, List<DeviceSyncStatus> devices, Instant now, long heapUsed,
            long heapMax) {
        PrometheusText p = new PrometheusText();
        p.gauge("salus_hub_ready", "1 when every required component of the hub is up.", ready ? 1 : 0);
        if (connectedDevices >= 0) {
            p.gauge("salus_hub_devices_connected", "Devices connected to the hub's embedded broker now.", connectedDevices);
        }
        p.gauge("salus_hub_devices_known", "Devices enrolled or heard from since the hub started.", devices.size());
        long active = devices.stream().filter(d -> d.lastSync() != null && Duration.between(d.lastSync(), now).compareTo(ACTIVE) <= 0).count();
        p.gauge("salus_hub_devices_active", "Devices that pushed or pulled in the last 5 minutes.", active);

        p.counter("salus_hub_sync_pushes_total", "Push messages answered.", totals.pushes());
        p.counter("salus_hub_sync_ops_accepted_total", "Operations stored from pushes.", totals.opsAccepted());
        p.counter("salus_hub_sync_duplicates_total", "Operations pushed again that the hub already held.", totals.duplicates());
        p.help("salus_hub_sync_rejected_total", "counter", "Operations and messages refused, by reason.");
        for (Map.Entry<String, Long> e : totals.rejected().entrySet()) {
            p.sample("salus_hub_sync_rejected_total", "{reason=\"" + label(e.getKey()) + "\"}", e.getValue());
        }
        p.counter("salus_hub_sync_pulls_total", "Pull requests answered.", totals.pulls());
        p.counter("salus_hub_sync_ops_served_total", "Operations sent in pull pages.", totals.opsServed());
        p.histogram("salus_hub_sync_push_latency_seconds", "Time from a push's arrival to its ack being handed to the broker.",
                totals.pushLatency());
        p.histogram("salus_hub_sync_pull_latency_seconds", "Time from a pull's arrival to its page being handed to the broker.",
                totals.pullLatency());

        p.help("salus_hub_device_last_sync_timestamp_seconds", "gauge", "When the device last pushed or pulled (Unix time).");
        for (DeviceSyncStatus d : devices) {
            if (d.lastSync() != null) {
                p.sample("salus_hub_device_last_sync_timestamp_seconds", device(d), d.lastSync().toEpochMilli() / 1000.0);
            }
        }
        p.help("salus_hub_device_backlog_ops", "gauge", "Operations of the device's clinic it has not pulled yet, as far as the hub knows.");
        for (DeviceSyncStatus d : devices) {
            p.sample("salus_hub_device_backlog_ops", device(d), d.backlog());
        }
        p.help("salus_hub_device_acked_seq", "gauge", "The device's highest operation the hub holds with an unbroken chain.");
        for (DeviceSyncStatus d : devices) {
            p.sample("salus_hub_device_acked_seq", device(d), d.ackedDeviceSeq());
        }
        p.help("salus_hub_device_clock_skew_seconds", "gauge", "The device's clock minus the hub's, where the device sends its time.");
        for (DeviceSyncStatus d : devices) {
            if (d.clockSkewMillis() != null) {
                p.sample("salus_hub_device_clock_skew_seconds", device(d), d.clockSkewMillis() / 1000.0);
            }
        }
        p.help("salus_hub_device_last_error_timestamp_seconds", "gauge", "When the hub last refused something of the device (see /devices).");
        for (DeviceSyncStatus d : devices) {
            if (d.lastErrorAt() != null) {
                p.sample("salus_hub_device_last_error_timestamp_seconds", device(d), d.lastErrorAt().toEpochMilli() / 1000.0);
            }
        }
        p.gauge("salus_hub_jvm_heap_used_bytes", "Java heap in use.", heapUsed);
        if (heapMax > 0) {
            p.gauge("salus_hub_jvm_heap_max_bytes", "The largest the Java heap may grow.", heapMax);
        }
        return p.out.toString();
    }

    private static String device(DeviceSyncStatus d) {
        return "{clinic=\"" + label(d.clinicId()) + "\",device=\"" + label(d.deviceId()) + "\"}";
    }

    /** Escapes a label value: backslash, double quote and line feed. */
    static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private void gauge(String name, String help, double value) {
        help(name, "gauge", help);
        sample(name, "", value);
    }

    private void counter(String name, String help, double value) {
        help(name, "counter", help);
        sample(name, "", value);
    }

    private void histogram(String name, String help, Latency latency) {
        help(name, "histogram", help);
        for (int i = 0; i < latency.boundsMillis().size(); i++) {
            sample(name + "_bucket", "{le=\"" + number(latency.boundsMillis().get(i) / 1000.0) + "\"}", latency.counts().get(i));
        }
        sample(name + "_bucket", "{le=\"+Inf\"}", latency.count());
        sample(name + "_sum", "", latency.sumMillis() / 1000.0);
        sample(name + "_count", "", latency.count());
    }

    private void help(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(number(value)).append('\n');
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }
}
