package org.salus.device.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.salus.device.EnrolmentFailedException;
import org.salus.device.EnrolmentFailedException.Reason;

/**
 * The hub's {@code /enrol} endpoint as the workstation speaks to it: {@code POST /enrol} with the pairing code, then
 * {@code GET /enrol/<request>} with the request's key until the hub's administrator decides.
 */
final class HubClient {

    static final String KEY_HEADER = "X-Salus-Enrolment-Key";

    /** What the hub answered to a request to join. */
    record Asked(String requestId, char[] key) {
    }

    /** What the hub says about a request: its state, and the credentials the first time after approval. */
    record Answer(String state, String deviceId, String clinicId, char[] secret) {
    }

    private final HttpClient http;
    private final Duration timeout;

    HubClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Asked ask(URI hub, String code, String deviceId, String name) {
        String form = "code=" + enc(code) + "&deviceId=" + enc(deviceId) + "&name=" + enc(name);
        HttpRequest req = HttpRequest.newBuilder(hub.resolve("/enrol")).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> r = send(hub, req);
        Map<String, String> json = json(hub, r);
        if (r.statusCode() != 202) {
            throw refusal(hub, r.statusCode(), json);
        }
        String id = json.get("requestId");
        String key = json.get("key");
        if (id == null || key == null) {
            throw new EnrolmentFailedException(Reason.HUB_UNREACHABLE, hub + " accepted the request but sent no request id or key;"
                    + " is it a Salus hub?");
        }
        return new Asked(id, key.toCharArray());
    }

    Answer status(URI hub, String requestId, char[] key) {
        HttpRequest req = HttpRequest.newBuilder(hub.resolve("/enrol/" + enc(requestId))).timeout(timeout)
                .header(KEY_HEADER, new String(key)).GET().build();
        HttpResponse<String> r = send(hub, req);
        Map<String, String> json = json(hub, r);
        if (r.statusCode() != 200) {
            throw refusal(hub, r.statusCode(), json);
        }
        String secret = json.get("secret");
        return new Answer(String.valueOf(json.get("state")), json.get("deviceId"), json.get("clinicId"),
                secret == null ? null : secret.toCharArray());
    }

    private HttpResponse<String> send(URI hub, HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EnrolmentFailedException(Reason.HUB_UNREACHABLE, "The hub at " + hub + " cannot be reached (" + e
                    + "). Check the address and port (the hub's HTTP port, 8180 unless its org.salus.hub.http.cfg says otherwise)"
                    + " and that this workstation is on the clinic's network.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrolmentFailedException(Reason.HUB_UNREACHABLE, "Asking the hub at " + hub + " was interrupted.", e);
        }
    }

    private static Map<String, String> json(URI hub, HttpResponse<String> r) {
        try {
            return FlatJson.parse(r.body());
        } catch (IllegalArgumentException e) {
            throw new EnrolmentFailedException(Reason.HUB_UNREACHABLE, hub + " answered " + r.statusCode()
                    + " with something that is not a Salus hub's answer; check the address and port.", e);
        }
    }

    /** A refusal by the hub, as its {@code error} field names it. */
    static EnrolmentFailedException refusal(URI hub, int status, Map<String, String> json) {
        String error = String.valueOf(json.get("error"));
        String said = json.get("message") == null ? "" : " The hub says: " + json.get("message");
        return switch (error) {
            case "UNKNOWN_CODE" -> new EnrolmentFailedException(Reason.WRONG_CODE,
                    "The hub knows no open pairing code like this one: check it, or ask the hub's administrator for a new one." + said);
            case "EXPIRED_CODE" -> new EnrolmentFailedException(Reason.EXPIRED_CODE,
                    "The pairing code has expired (a code is good for a few minutes): ask the hub's administrator for a new one." + said);
            case "TOO_MANY_ATTEMPTS" -> new EnrolmentFailedException(Reason.TOO_MANY_ATTEMPTS,
                    "The hub refuses pairing codes from this workstation for a while after too many wrong ones; try again in 15 minutes."
                            + said);
            case "ALREADY_ENROLLED" -> new EnrolmentFailedException(Reason.DEVICE_TAKEN,
                    "The hub already has a device with this workstation's id, or a request for it is waiting." + said);
            case "INVALID_ID" -> new EnrolmentFailedException(Reason.INVALID_INPUT, "The hub refused the device id or name." + said);
            case "UNKNOWN_REQUEST", "ALREADY_DECIDED" -> new EnrolmentFailedException(Reason.REQUEST_GONE,
                    "The hub no longer has this request (it restarted, or the credentials were collected already): ask again with a"
                            + " new pairing code." + said);
            default -> new EnrolmentFailedException(Reason.HUB_UNREACHABLE, "The hub at " + hub + " answered " + status
                    + " to the enrolment." + said);
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
