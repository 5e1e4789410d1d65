package org.salus.hub.http.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.salus.hub.monitor.HubHealth;
import org.salus.hub.monitor.SyncMonitor;
import org.salus.hub.mqtt.BrokerAccess;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** {@code /metrics}: the hub's figures in the Prometheus text format. */
@Component(service = HttpHandler.class, property = HubHttpServer.CONTEXT + "=/metrics")
public class MetricsEndpoint implements HttpHandler {

    private final HubHealth health;
    private final SyncMonitor monitor;

    /** The embedded broker, when there is one: it counts the connected devices. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BrokerAccess broker;

    @Activate
    public MetricsEndpoint(@Reference HubHealth health, @Reference SyncMonitor monitor) {
        this.health = health;
        this.monitor = monitor;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!Responses.readOnly(exchange)) {
            return;
        }
        BrokerAccess b = broker;
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        String body = PrometheusText.render(health.ready(), b == null ? -1 : b.connectedDevices(), monitor.totals(), monitor.devices(), Instant.now(),
                heap.getUsed(), heap.getMax());
        Responses.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", body);
    }
}
