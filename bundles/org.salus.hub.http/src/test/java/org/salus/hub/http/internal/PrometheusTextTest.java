package org.salus.hub.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.salus.hub.monitor.DeviceSyncStatus;
import org.salus.hub.monitor.Latency;
import org.salus.hub.monitor.SyncTotals;

class PrometheusTextTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    /** name{labels} value, or a comment line: nothing else is the text format. */
    private static final Pattern LINE = Pattern.compile("(# (HELP|TYPE) [a-z_]+ .+)|([a-z_]+(\\{[a-z]+=\"([^\"\\\\]|\\\\.)*\"(,[a-z]+=\"([^\"\\\\]|\\\\.)*\")*\\})? -?[0-9.eE+-]+|[a-z_]+\\{le=\"\\+Inf\"\\} [0-9]+)");

    private static Latency latency(long... cumulative) {
        return new Latency(List.of(1.0, 10.0), List.of(cumulative[0], cumulative[1], cumulative[2]), 42.5);
    }

    @Test
    void everyFigureIsThereInTheTextFormat() {
        SyncTotals totals = new SyncTotals(7, 120, 3, Map.of("BROKEN_CHAIN", 2L), 4, 90, latency(5, 6, 7), latency(0, 0, 4));
        List<DeviceSyncStatus> devices = List.of(
                new DeviceSyncStatus("dev-a1", "A", NOW.minusSeconds(60), null, 120, 0, 0, null, null, 1500L),
                new DeviceSyncStatus("dev \"b\"", "B", null, NOW.minusSeconds(3600), 0, 10, 80, "BROKEN_CHAIN: ...", NOW, null));
        String text = PrometheusText.render(true, 2, totals, devices, NOW, 1000, 2000);
        for (String line : text.split("\n")) {
            assertTrue(LINE.matcher(line).matches(), "not the text format: " + line);
        }
        assertTrue(text.contains("\nsalus_hub_ready 1\n"));
        assertTrue(text.contains("\nsalus_hub_devices_connected 2\n"));
        assertTrue(text.contains("\nsalus_hub_devices_active 1\n"), "dev-a1 synced a minute ago, the other an hour ago");
        assertTrue(text.contains("\nsalus_hub_sync_ops_accepted_total 120\n"));
        assertTrue(text.contains("\nsalus_hub_sync_rejected_total{reason=\"BROKEN_CHAIN\"} 2\n"));
        assertTrue(text.contains("\nsalus_hub_sync_push_latency_seconds_bucket{le=\"0.001\"} 5\n"));
        assertTrue(text.contains("\nsalus_hub_sync_push_latency_seconds_bucket{le=\"+Inf\"} 7\n"));
        assertTrue(text.contains("\nsalus_hub_sync_push_latency_seconds_sum 0.0425\n"));
        assertTrue(text.contains("\nsalus_hub_device_backlog_ops{clinic=\"B\",device=\"dev \\\"b\\\"\"} 80\n"), "quotes escaped");
        assertTrue(text.contains("\nsalus_hub_device_clock_skew_seconds{clinic=\"A\",device=\"dev-a1\"} 1.5\n"));
        assertEquals(1, text.split("salus_hub_device_clock_skew_seconds\\{").length - 1, "unknown skew is left out");
    }

    @Test
    void anExternalBrokerLeavesOutTheConnectionCount() {
        SyncTotals none = new SyncTotals(0, 0, 0, Map.of(), 0, 0, latency(0, 0, 0), latency(0, 0, 0));
        String text = PrometheusText.render(false, -1, none, List.of(), NOW, 1, 0);
        assertFalse(text.contains("salus_hub_devices_connected"));
        assertTrue(text.contains("\nsalus_hub_ready 0\n") || text.startsWith("# HELP salus_hub_ready"));
        assertTrue(text.contains("salus_hub_ready 0\n"));
        assertFalse(text.contains("salus_hub_jvm_heap_max_bytes"), "no maximum set");
    }
}
