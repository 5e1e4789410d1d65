package org.salus.hub.http.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.salus.hub.monitor.DeviceSyncStatus;
import org.salus.hub.monitor.SyncMonitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * {@code /devices}: each device's sync status as JSON, for a person or a script: last sync, backlog, last error in
 * words, clock skew.
 */
@Component(service = HttpHandler.class, property = HubHttpServer.CONTEXT + "=/devices")
public class DevicesEndpoint implements HttpHandler {

    private final SyncMonitor monitor;

    @Activate
    public DevicesEndpoint(@Reference SyncMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!Responses.readOnly(exchange)) {
            return;
        }
        Responses.send(exchange, 200, "application/json; charset=utf-8", json(monitor.devices()));
    }

    static String json(List<DeviceSyncStatus> devices) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < devices.size(); i++) {
            DeviceSyncStatus d = devices.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("  {");
            field(b, "deviceId", d.deviceId(), true);
            field(b, "clinicId", d.clinicId(), false);
            field(b, "lastSync", d.lastSync(), false);
            field(b, "lastPush", d.lastPush(), false);
            field(b, "lastPull", d.lastPull(), false);
            b.append(", \"ackedDeviceSeq\": ").append(d.ackedDeviceSeq());
            b.append(", \"pullCursor\": ").append(d.pullCursor());
            b.append(", \"backlog\": ").append(d.backlog());
            field(b, "lastError", d.lastError(), false);
            field(b, "lastErrorAt", d.lastErrorAt(), false);
            b.append(", \"clockSkewMillis\": ").append(d.clockSkewMillis() == null ? "null" : d.clockSkewMillis().toString());
            b.append('}');
        }
        return b.append(devices.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    private static void field(StringBuilder b, String name, Object value, boolean first) {
        b.append(first ? "" : ", ").append('"').append(name).append("\": ");
        if (value == null) {
            b.append("null");
            return;
        }
        String s = value instanceof Instant t ? t.toString() : value.toString();
        b.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
