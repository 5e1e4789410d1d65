package org.salus.hub.http.internal;

import java.io.IOException;
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
            b.append(i == 0 ? "\n  " : ",\n  ").append(new Json().field("deviceId", d.deviceId()).field("clinicId", d.clinicId())
                    .field("lastSync", d.lastSync()).field("lastPush", d.lastPush()).field("lastPull", d.lastPull())
                    .field("ackedDeviceSeq", d.ackedDeviceSeq()).field("pullCursor", d.pullCursor()).field("backlog", d.backlog())
                    .field("lastError", d.lastError()).field("lastErrorAt", d.lastErrorAt()).field("clockSkewMillis", d.clockSkewMillis()));
        }
        return b.append(devices.isEmpty() ? "]\n" : "\n]\n").toString();
    }
}
