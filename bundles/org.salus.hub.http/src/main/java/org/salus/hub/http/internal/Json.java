package org.salus.hub.http.internal;

import java.time.Instant;

/** Writes JSON objects field by field; values are strings, numbers, instants or null. */
final class Json {

    private final StringBuilder b = new StringBuilder("{");
    private boolean first = true;

    Json field(String name, Object value) {
        b.append(first ? "" : ", ");
        first = false;
        quote(b, name);
        b.append(": ");
        if (value == null) {
            b.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            b.append(value);
        } else {
            quote(b, value instanceof Instant t ? t.toString() : value.toString());
        }
        return this;
    }

    @Override
    public String toString() {
        return b + "}";
    }

    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
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
