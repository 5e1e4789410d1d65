package org.salus.core.op;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON form of a payload, so the same data always hashes the same: object keys sorted by UTF-16 code units,
 * no white space, strings escaped only where JSON requires it, integers as plain digits, decimals without exponent
 * or trailing zeros. Dates and instants are written as ISO-8601 strings. Floating-point numbers are refused because
 * they have no single text form.
 */
public final class CanonicalJson {

    /** Deepest nesting of objects and arrays a parsed text may have. */
    public static final int MAX_DEPTH = 32;

    private CanonicalJson() {
    }

    /**
     * Writes a value: {@code null}, {@link Boolean}, integral numbers, {@link BigDecimal}, {@link CharSequence},
     * {@link Enum} (its name), {@link LocalDate}, {@link Instant}, {@link Map} with string keys, {@link List}.
     *
     * @throws IllegalArgumentException for any other type, for float and double, and for non-string keys
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder(64);
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON value nested deeper than " + MAX_DEPTH + " levels");
        }
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            sb.append(value);
        } else if (value instanceof BigDecimal d) {
            writeDecimal(sb, d);
        } else if (value instanceof Float || value instanceof Double) {
            throw new IllegalArgumentException("floating-point numbers have no canonical JSON form; use BigDecimal: " + value);
        } else if (value instanceof CharSequence s) {
            writeString(sb, s.toString());
        } else if (value instanceof Enum<?> e) {
            writeString(sb, e.name());
        } else if (value instanceof LocalDate || value instanceof Instant) {
            writeString(sb, value.toString());
        } else if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings: " + e.getKey());
                }
                sorted.put(key, e.getValue());
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                writeString(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue(), depth + 1);
            }
            sb.append('}');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, list.get(i), depth + 1);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("no canonical JSON form for " + value.getClass().getName());
        }
    }

    private static void writeDecimal(StringBuilder sb, BigDecimal d) {
        BigDecimal stripped = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        sb.append(stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString());
    }

    private static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        // runs of characters that need no escape are copied whole (append(String) copies arrays; a character at a time,
        // or append(CharSequence, int, int), costs a call per character wherever other CharSequences share that code)
        int start = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            if (i > start) {
                sb.append(s.substring(start, i));
            }
            start = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (start == 0) {
            sb.append(s);
        } else if (start < n) {
            sb.append(s.substring(start, n));
        }
        sb.append('"');
    }

    /**
     * Reads a JSON text into {@code null}, {@link Boolean}, {@link Long} (or {@link BigInteger} when too large),
     * {@link BigDecimal}, {@link String}, {@link Map} (sorted, unmodifiable) and {@link List} (unmodifiable).
     *
     * @throws IllegalArgumentException for malformed text, duplicate keys or nesting deeper than {@value #MAX_DEPTH}
     */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.skipWs();
        Object v = p.value(0);
        p.skipWs();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the JSON value");
        }
        return v;
    }

    /** Reads a JSON text that must be an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object, found " + (v == null ? "null" : v.getClass().getSimpleName()));
        }
        return (Map<String, Object>) v;
    }

    /** Where the number whose digits start at {@code from} ends: its digits and the characters of decimals and exponents. */
    private static int numberEnd(String s, int from) {
        int pos = from;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if ((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                pos++;
            } else {
                break;
            }
        }
        return pos;
    }

    private static boolean digitsOnly(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether a text is already in canonical form. */
    public static boolean isCanonical(String text) {
        return text != null && new Checker(text).canonical();
    }

    /**
     * Says in one pass over the text whether {@code write(parse(text))} would give the text back, without building
     * either: no white space, object keys in strictly ascending order, strings escaped exactly as {@link #write} escapes
     * them, integers as plain digits, decimals as {@link #write} writes them, at most {@value #MAX_DEPTH} levels deep.
     * A test holds it to {@code write(parse(text)).equals(text)} on generated and damaged texts.
     */
    private static final class Checker {
        private final String s;
        private int pos;

        Checker(String s) {
            this.s = s;
        }

        boolean canonical() {
            return value(0) && pos == s.length();
        }

        private boolean value(int depth) {
            if (depth > MAX_DEPTH || pos >= s.length()) {
                return false;
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string() >= 0;
                case 't' -> word("true");
                case 'f' -> word("false");
                case 'n' -> word("null");
                default -> (c == '-' || (c >= '0' && c <= '9')) && number();
            };
        }

        private boolean word(String w) {
            if (!s.startsWith(w, pos)) {
                return false;
            }
            pos += w.length();
            return true;
        }

        private boolean object(int depth) {
            if (opensEmpty('}')) {
                return true;
            }
            String previous = null;
            while (true) {
                int start = pos + 1;
                int escapes = pos < s.length() && s.charAt(pos) == '"' ? string() : -1;
                if (escapes < 0) {
                    return false;
                }
                // a key with escapes (rare) is read by the parser, which string() has shown will take it
                String key = escapes == 0 ? s.substring(start, pos - 1) : (String) parse(s.substring(start - 1, pos));
                if (previous != null && previous.compareTo(key) >= 0) {
                    return false;
                }
                previous = key;
                if (pos >= s.length() || s.charAt(pos++) != ':' || !value(depth + 1)) {
                    return false;
                }
                int next = afterMember('}');
                if (next != 0) {
                    return next > 0;
                }
            }
        }

        private boolean array(int depth) {
            if (opensEmpty(']')) {
                return true;
            }
            while (true) {
                if (!value(depth + 1)) {
                    return false;
                }
                int next = afterMember(']');
                if (next != 0) {
                    return next > 0;
                }
            }
        }

        /** Steps over an opening bracket, and over the closing one when it follows at once (an empty object or array). */
        private boolean opensEmpty(char close) {
            pos++;
            if (pos < s.length() && s.charAt(pos) == close) {
                pos++;
                return true;
            }
            return false;
        }

        /** After a member: 1 at the closing bracket, 0 at a comma (another member follows), -1 at anything else. */
        private int afterMember(char close) {
            if (pos >= s.length()) {
                return -1;
            }
            char c = s.charAt(pos++);
            return c == close ? 1 : c == ',' ? 0 : -1;
        }

        /** A string written as {@link #writeString} writes it. @return how many escapes it holds, or -1 when it is not */
        private int string() {
            pos++;
            int escapes = 0;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return escapes;
                }
                if (c < 0x20) {
                    return -1;
                }
                if (c != '\\') {
                    continue;
                }
                escapes++;
                if (pos >= s.length()) {
                    return -1;
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', 'b', 'f', 'n', 'r', 't' -> {
                        // the escapes writeString uses for these characters
                    }
                    case 'u' -> {
                        // only for the other control characters, in lower-case hex
                        if (pos + 4 > s.length() || s.charAt(pos) != '0' || s.charAt(pos + 1) != '0') {
                            return -1;
                        }
                        int value = 16 * lowerHex(s.charAt(pos + 2)) + lowerHex(s.charAt(pos + 3));
                        if (value < 0 || value >= 0x20 || value == '\b' || value == '\t' || value == '\n' || value == '\f'
                                || value == '\r') {
                            return -1;
                        }
                        pos += 4;
                    }
                    default -> {
                        return -1;
                    }
                }
            }
            return -1;
        }

        /** The value of a lower-case hex digit; a large negative number for any other character. */
        private static int lowerHex(char c) {
            return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1000;
        }

        /** An integer as plain digits, or a decimal exactly as writeDecimal writes it. */
        private boolean number() {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            int digits = pos;
            pos = numberEnd(s, pos);
            if (digitsOnly(s, digits, pos)) {
                // "0", or digits without a leading zero ("-0" and "007" are written "0" and "7")
                return pos > digits && (s.charAt(digits) != '0' ? true : pos == digits + 1 && digits == start);
            }
            String text = s.substring(start, pos);
            if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0 || text.indexOf('+') >= 0) {
                // writeDecimal never writes an exponent; and one such as 1e999999999 would have it write a billion digits
                return false;
            }
            try {
                StringBuilder sb = new StringBuilder(text.length());
                writeDecimal(sb, new BigDecimal(text));
                return sb.toString().equals(text);
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            if (s == null) {
                throw new IllegalArgumentException("JSON text is null");
            }
            this.s = s;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed JSON at character " + pos + ": " + what);
        }

        void skipWs() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels");
            }
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("unexpected character '" + c + "'");
            }
        }

        Object literal(String word, Object v) {
            if (!s.startsWith(word, pos)) {
                throw error("expected " + word);
            }
            pos += word.length();
            return v;
        }

        Map<String, Object> object(int depth) {
            pos++;
            TreeMap<String, Object> map = new TreeMap<>();
            skipWs();
            if (peek() == '}') {
                pos++;
                return Collections.unmodifiableMap(map);
            }
            while (true) {
                skipWs();
                if (peek() != '"') {
                    throw error("expected a string key");
                }
                String key = string();
                skipWs();
                expect(':');
                skipWs();
                Object v = value(depth + 1);
                if (map.containsKey(key)) {
                    throw error("duplicate key \"" + key + "\"");
                }
                map.put(key, v);
                skipWs();
                char c = next();
                if (c == '}') {
                    return Collections.unmodifiableMap(map);
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        List<Object> array(int depth) {
            pos++;
            List<Object> list = new ArrayList<>();
            skipWs();
            if (peek() == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                skipWs();
                list.add(value(depth + 1));
                skipWs();
                char c = next();
                if (c == ']') {
                    return Collections.unmodifiableList(list);
                }
                if (c != ',') {
                    throw error("expected ',' or ']'");
                }
            }
        }

        String string() {
            expect('"');
            // a run without escapes is cut out of the text whole; only escapes go through a builder
            StringBuilder sb = null;
            int start = pos;
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    if (sb == null) {
                        return s.substring(start, pos - 1);
                    }
                    if (pos - 1 > start) {
                        sb.append(s.substring(start, pos - 1));
                    }
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c != '\\') {
                    continue;
                }
                if (sb == null) {
                    sb = new StringBuilder(Math.max(16, 2 * (pos - start)));
                }
                if (pos - 1 > start) {
                    sb.append(s.substring(start, pos - 1));
                }
                char e = next();
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
                start = pos;
            }
        }

        Object number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            int digits = pos;
            pos = numberEnd(s, pos);
            boolean integral = digitsOnly(s, digits, pos);
            String text = s.substring(start, pos);
            try {
                if (integral) {
                    BigInteger big = new BigInteger(text);
                    return big.bitLength() < 64 ? (Object) big.longValue() : big;
                }
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw error("bad number " + text);
            }
        }

        char peek() {
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void expect(char c) {
            if (next() != c) {
                pos--;
                throw error("expected '" + c + "'");
            }
        }
    }
}
