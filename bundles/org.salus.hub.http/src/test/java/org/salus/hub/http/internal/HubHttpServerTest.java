package org.salus.hub.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.salus.hub.monitor.DeviceSyncStatus;

class HubHttpServerTest {

    @Test
    void theLongestRegisteredPathWins() {
        Map<String, String> handlers = new TreeMap<>(Map.of("/metrics", "metrics", "/plugins", "plugins", "/plugins/repo", "repo"));
        assertEquals("metrics", HubHttpServer.find(handlers, "/metrics"));
        assertEquals("repo", HubHttpServer.find(handlers, "/plugins/repo/index.xml"));
        assertEquals("plugins", HubHttpServer.find(handlers, "/plugins/x"));
        assertNull(HubHttpServer.find(handlers, "/metricsfoo"), "a path is matched by whole segments");
        assertNull(HubHttpServer.find(handlers, "/"));
    }

    @Test
    void pathsAreNormalised() {
        assertEquals("/metrics", HubHttpServer.path(Map.of(HubHttpServer.CONTEXT, "metrics/")));
        assertEquals("/", HubHttpServer.path(Map.of(HubHttpServer.CONTEXT, "/")));
        assertEquals("load/org.salus.hub.http.cfg", HubHttpServer.whereToChange("load"));
        assertEquals("/srv/hub/load/org.salus.hub.http.cfg", HubHttpServer.whereToChange("/srv/hub/load/, other"));
    }

    @Test
    void devicesAreValidJsonWithTheirErrorInWords() {
        String json = DevicesEndpoint.json(List.of(new DeviceSyncStatus("dev-a1", "A", Instant.parse("2026-11-22T10:00:00Z"), null, 5, 3, 2,
                "BROKEN_CHAIN: \"prev\" does not match\n", Instant.parse("2026-11-22T10:00:01Z"), -250L)));
        assertTrue(json.contains("\"lastError\": \"BROKEN_CHAIN: \\\"prev\\\" does not match\\n\""), json);
        assertTrue(json.contains("\"lastSync\": \"2026-11-22T10:00:00Z\""), json);
        assertTrue(json.contains("\"lastPull\": null"), json);
        assertTrue(json.contains("\"clockSkewMillis\": -250"), json);
        assertEquals("[]\n", DevicesEndpoint.json(List.of()));
    }

    @Test
    void administrationAnswersThisMachineOnly() throws Exception {
        assertTrue(AdminEndpoint.fromThisMachine(InetAddress.getByName("127.0.0.1")));
        assertTrue(AdminEndpoint.fromThisMachine(InetAddress.getByName("::1")));
        assertFalse(AdminEndpoint.fromThisMachine(InetAddress.getByName("10.0.0.7")));
        assertFalse(AdminEndpoint.fromThisMachine(InetAddress.getByName("192.168.1.20")));
        assertFalse(AdminEndpoint.fromThisMachine(null));
    }

    @Test
    void formsAreDecodedAndBrokenEscapesLeftOut() {
        Map<String, String> f = Forms.parse("code=K7QM-3XWD&deviceId=ws-ward3&name=Ward+3%20desk&bad=%zz&code=second");
        assertEquals("K7QM-3XWD", f.get("code"), "the first of two values counts");
        assertEquals("Ward 3 desk", f.get("name"));
        assertNull(f.get("bad"));
    }
}
