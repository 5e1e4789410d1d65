package org.salus.hub.http.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;

/** Writes a whole response; a HEAD request gets the headers only. */
final class Responses {

    private Responses() {
    }

    static void text(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", body);
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Refuses anything but GET and HEAD. @return whether the request may go on */
    static boolean readOnly(HttpExchange exchange) throws IOException {
        String m = exchange.getRequestMethod();
        if ("GET".equalsIgnoreCase(m) || "HEAD".equalsIgnoreCase(m)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        text(exchange, 405, m + " is not allowed here: this page is read-only (GET, HEAD).\n");
        return false;
    }
}
