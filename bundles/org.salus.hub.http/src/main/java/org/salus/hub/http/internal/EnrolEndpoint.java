package org.salus.hub.http.internal;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.salus.hub.device.EnrolmentDesk;
import org.salus.hub.device.EnrolmentDesk.Status;
import org.salus.hub.device.EnrolmentDesk.Submitted;
import org.salus.hub.device.EnrolmentException;
import org.salus.hub.device.EnrolmentRequest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * {@code /enrol}: how a new device asks to join.
 * <ul>
 * <li>{@code POST /enrol} with the form fields {@code code}, {@code deviceId} and {@code name}: 202 and
 * {@code {"requestId", "key", "state"}}; 403 for a wrong or expired code, 429 (with Retry-After) after too many wrong
 * codes, 400 for a bad device id, 409 for a taken one.</li>
 * <li>{@code GET /enrol/<requestId>} with the header {@value #KEY_HEADER}: {@code {"state"}} while it waits or once
 * denied; once approved, the first answer also holds {@code deviceId}, {@code clinicId} and {@code secret}.</li>
 * </ul>
 */
@Component(service = HttpHandler.class, property = HubHttpServer.CONTEXT + "=/enrol")
public class EnrolEndpoint implements HttpHandler {

    static final String KEY_HEADER = "X-Salus-Enrolment-Key";

    private final EnrolmentDesk desk;

    @Activate
    public EnrolEndpoint(@Reference EnrolmentDesk desk) {
        this.desk = desk;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try {
            if (path.equals("/enrol") && "POST".equalsIgnoreCase(method)) {
                Map<String, String> form = Forms.body(exchange);
                if (form == null) {
                    Responses.text(exchange, 413, "An enrolment request is a small form (code, deviceId, name).\n");
                    return;
                }
                String from = exchange.getRemoteAddress().getAddress().getHostAddress();
                Submitted s = desk.request(form.get("code"), form.get("deviceId"), form.get("name"), from);
                Responses.send(exchange, 202, "application/json; charset=utf-8", new Json().field("requestId", s.request().requestId())
                        .field("key", new String(s.key())).field("state", s.request().state().name()) + "\n");
                return;
            }
            if (path.startsWith("/enrol/") && ("GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method))) {
                String key = exchange.getRequestHeaders().getFirst(KEY_HEADER);
                Status st = desk.status(path.substring("/enrol/".length()), key == null ? new char[0] : key.toCharArray());
                EnrolmentRequest r = st.request();
                Json json = new Json().field("requestId", r.requestId()).field("state", r.state().name());
                st.credentials().ifPresent(c -> json.field("deviceId", c.deviceId()).field("clinicId", c.clinicId())
                        .field("secret", new String(c.secret())));
                Responses.send(exchange, 200, "application/json; charset=utf-8", json + "\n");
                return;
            }
            exchange.getResponseHeaders().set("Allow", "POST /enrol, GET /enrol/<requestId>");
            Responses.text(exchange, 405, "Ask to join with POST /enrol; ask about the request with GET /enrol/<requestId>.\n");
        } catch (EnrolmentException e) {
            int status = switch (e.reason()) {
                case UNKNOWN_CODE, EXPIRED_CODE -> 403;
                case TOO_MANY_ATTEMPTS -> 429;
                case INVALID_ID -> 400;
                case ALREADY_ENROLLED, ALREADY_DECIDED -> 409;
                case UNKNOWN_REQUEST -> 404;
                case STORAGE -> 500;
            };
            if (status == 429) {
                exchange.getResponseHeaders().set("Retry-After", "900");
            }
            Responses.send(exchange, status, "application/json; charset=utf-8",
                    new Json().field("error", e.reason().name()).field("message", e.getMessage()) + "\n");
        }
    }
}
