package org.salus.hub.http.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.salus.hub.device.DeviceIdentity;
import org.salus.hub.device.DeviceRegistry;
import org.salus.hub.device.EnrolmentDesk;
import org.salus.hub.device.EnrolmentException;
import org.salus.hub.device.EnrolmentRequest;
import org.salus.hub.device.PairingCode;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * {@code /admin}: the hub's administration, for {@code salus-hub-admin} on the hub's own machine. It answers only
 * requests from this machine (a loopback address): whoever can run programs on the hub administers it anyway, and
 * nobody else can.
 * <ul>
 * <li>{@code GET /admin/devices}: the enrolled devices;</li>
 * <li>{@code GET /admin/enrolments}: the requests waiting;</li>
 * <li>{@code POST /admin/pairing?clinic=A}: a new pairing code for clinic A;</li>
 * <li>{@code POST /admin/enrolments/<requestId>/approve} and {@code .../deny};</li>
 * <li>{@code POST /admin/devices/<deviceId>/revoke}.</li>
 * </ul>
 */
@Component(service = HttpHandler.class, property = HubHttpServer.CONTEXT + "=/admin")
public class AdminEndpoint implements HttpHandler {

    private final EnrolmentDesk desk;
    private final DeviceRegistry registry;

    @Activate
    public AdminEndpoint(@Reference EnrolmentDesk desk, @Reference DeviceRegistry registry) {
        this.desk = desk;
        this.registry = registry;
    }

    static boolean fromThisMachine(InetAddress address) {
        return address != null && address.isLoopbackAddress();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!fromThisMachine(exchange.getRemoteAddress().getAddress())) {
            Responses.text(exchange, 403, "The hub is administered from its own machine only (salus-hub-admin).\n");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        boolean post = "POST".equalsIgnoreCase(exchange.getRequestMethod());
        boolean get = "GET".equalsIgnoreCase(exchange.getRequestMethod());
        try {
            if (get && path.equals("/admin/devices")) {
                List<DeviceIdentity> devices = registry.devices();
                send(exchange, 200, list(devices.stream().map(d -> new Json().field("deviceId", d.deviceId()).field("clinicId", d.clinicId())
                        .field("enrolledAt", d.enrolledAt()).toString()).toList()));
            } else if (get && path.equals("/admin/enrolments")) {
                send(exchange, 200, list(desk.pending().stream().map(AdminEndpoint::json).toList()));
            } else if (post && path.equals("/admin/pairing")) {
                PairingCode code = desk.openPairing(Forms.query(exchange).get("clinic"));
                send(exchange, 200, new Json().field("code", code.code()).field("clinicId", code.clinicId()).field("expiresAt", code.expiresAt())
                        + "\n");
            } else if (post && path.startsWith("/admin/enrolments/") && path.endsWith("/approve")) {
                send(exchange, 200, json(desk.approve(between(path, "/admin/enrolments/", "/approve"))) + "\n");
            } else if (post && path.startsWith("/admin/enrolments/") && path.endsWith("/deny")) {
                send(exchange, 200, json(desk.deny(between(path, "/admin/enrolments/", "/deny"))) + "\n");
            } else if (post && path.startsWith("/admin/devices/") && path.endsWith("/revoke")) {
                String device = between(path, "/admin/devices/", "/revoke");
                registry.revoke(device);
                send(exchange, 200, new Json().field("deviceId", device).field("state", "REVOKED") + "\n");
            } else {
                Responses.text(exchange, 404, "Administration: GET /admin/devices, GET /admin/enrolments, POST /admin/pairing?clinic=<id>, "
                        + "POST /admin/enrolments/<id>/approve, POST /admin/enrolments/<id>/deny, POST /admin/devices/<id>/revoke\n");
            }
        } catch (EnrolmentException e) {
            int status = switch (e.reason()) {
                case INVALID_ID -> 400;
                case UNKNOWN_REQUEST -> 404;
                case ALREADY_DECIDED, ALREADY_ENROLLED -> 409;
                default -> 500;
            };
            send(exchange, status, new Json().field("error", e.reason().name()).field("message", e.getMessage()) + "\n");
        } catch (RuntimeException e) {
            // the registry's own errors (an unknown device to revoke, a registry file that cannot be written)
            send(exchange, 409, new Json().field("error", e.getClass().getSimpleName()).field("message", e.getMessage()) + "\n");
        }
    }

    private static String json(EnrolmentRequest r) {
        return new Json().field("requestId", r.requestId()).field("deviceId", r.deviceId()).field("clinicId", r.clinicId())
                .field("name", r.deviceName()).field("from", r.from()).field("requestedAt", r.requestedAt()).field("state", r.state().name())
                .toString();
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "[]\n" : "[\n  " + String.join(",\n  ", items) + "\n]\n";
    }

    private static String between(String path, String prefix, String suffix) {
        return path.substring(prefix.length(), path.length() - suffix.length());
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        Responses.send(exchange, status, "application/json; charset=utf-8", json);
    }
}
