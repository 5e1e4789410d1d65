package org.salus.hub.http.internal;

import java.io.IOException;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.salus.hub.monitor.HubHealth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** {@code /health}: 200 "ready" while every required component is up, 503 naming what is not. */
@Component(service = HttpHandler.class, property = HubHttpServer.CONTEXT + "=/health")
public class HealthEndpoint implements HttpHandler {

    private final HubHealth health;

    @Activate
    public HealthEndpoint(@Reference HubHealth health) {
        this.health = health;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!Responses.readOnly(exchange)) {
            return;
        }
        List<String> waiting = health.waitingFor();
        if (waiting.isEmpty()) {
            Responses.text(exchange, 200, "ready\n");
        } else {
            Responses.text(exchange, 503, "not ready: waiting for " + String.join(", ", waiting) + "\n");
        }
    }
}
