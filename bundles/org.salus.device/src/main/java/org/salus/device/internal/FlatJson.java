package org.salus.device.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the hub's enrolment answers: one flat JSON object whose values are strings (others are kept as their text). */
final class FlatJson {

    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    /** @throws IllegalArgumentException when the text is no flat JSON object */
    static Map<String, String> parse(String text) {
        return new FlatJson(text == null ? "" : text).object();
    }

    private Map<String, String> object() {
        Map<String, String> m = new LinkedHashMap<>();
        skip();
        expect('{');
        skip();
        if (peek() == '}') {
            i++;
            return m;
        }
        while (true) {
            skip();
            String key = string();
            skip();
            expect(':');
            skip();
            String value = peek() == '"' ? string() : bare();
            m.put(key, value);
            skip();
            char c = next();
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected ',' or '}' at " + (i - 1));
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw new IllegalArgumentException("a \\u escape is cut off");
                        }
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
    }

    private String bare() {
        int start = i;
        while (i < s.length() && ",}".indexOf(s.charAt(i)) < 0 && !Character.isWhitespace(s.charAt(i))) {
            if ("{[".indexOf(s.charAt(i)) >= 0) {
                throw new IllegalArgumentException("nested values are not expected in an enrolment answer");
            }
            i++;
        }
        return s.substring(start, i);
    }

    private void skip() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw new IllegalArgumentException("the answer ends too early");
        }
        return s.charAt(i);
    }

    private char next() {
        char c = peek();
        i++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + (i - 1));
        }
    }
}
