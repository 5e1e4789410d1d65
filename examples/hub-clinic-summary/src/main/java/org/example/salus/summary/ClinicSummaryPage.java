package org.example.salus.summary;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.salus.hub.monitor.DeviceSyncStatus;
import org.salus.hub.monitor.SyncMonitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * {@code /clinics} on the hub's HTTP port: one line per clinic with its devices, how many synced in the last hour, and
 * the largest backlog. It uses only Salus' published API ({@code org.salus.hub.monitor}) and the hub's HTTP whiteboard:
 * an {@link HttpHandler} service with the property {@code salus.http.context}. Drop the built jar into the hub's
 * {@code load/} folder and the page is there; delete it and the page is gone.
 */
@Component(service = HttpHandler.class, property = "salus.http.context=/clinics")
public class ClinicSummaryPage implements HttpHandler {

    private final SyncMonitor monitor;

    @Activate
    public ClinicSummaryPage(@Reference SyncMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Map<String, int[]> clinics = new TreeMap<>();
        java.time.Instant hourAgo = java.time.Instant.now().minusSeconds(3600);
        for (DeviceSyncStatus d : monitor.devices()) {
            int[] c = clinics.computeIfAbsent(d.clinicId(), k -> new int[3]);
            c[0]++;
            if (d.lastSync() != null && d.lastSync().isAfter(hourAgo)) {
                c[1]++;
            }
            c[2] = (int) Math.max(c[2], Math.min(Integer.MAX_VALUE, d.backlog()));
        }
        StringBuilder out = new StringBuilder("clinic\tdevices\tsynced in the last hour\tlargest backlog\n");
        clinics.forEach((clinic, c) -> out.append(clinic).append('\t').append(c[0]).append('\t').append(c[1]).append('\t').append(c[2]).append('\n'));
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(body);
        }
    }
}
