package org.salus.hub.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/** Reads {@code application/x-www-form-urlencoded} bodies and query strings, with a size limit. */
final class Forms {

    /** The largest form body read; enrolment and administration forms are a few hundred bytes. */
    static final int MAX_BYTES = 8 * 1024;

    private Forms() {
    }

    /** @return the form's fields, or null when the body is larger than {@link #MAX_BYTES} */
    static Map<String, String> body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                return null;
            }
            return parse(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    static Map<String, String> query(HttpExchange exchange) {
        String q = exchange.getRequestURI().getRawQuery();
        return q == null ? Map.of() : parse(q);
    }

    static Map<String, String> parse(String form) {
        Map<String, String> out = new HashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            } catch (IllegalArgumentException malformed) {
                // a broken %-escape: the field is left out, and the endpoint says what is missing
            }
        }
        return out;
    }
}
