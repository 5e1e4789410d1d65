package org.salus.sync.internal;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.salus.sync.wire.RejectReason;
import org.salus.sync.wire.WireFormatException;

/**
 * One parsed JSON object of a message, read field by field; every problem becomes a {@link WireFormatException}
 * with reason {@code malformed} that names the field by its path ({@code ops[3].hash}).
 */
public final class JsonObject {


    private final Map<String, Object> fields;
    private final String path;

    public JsonObject(Map<String, Object> fields, String path) {
        this.fields = fields;
        this.path = path;
    }

    /** Reads a value that must be an object. */
    @SuppressWarnings("unchecked")
    public static JsonObject of(Object value, String path) throws WireFormatException {
        if (!(value instanceof Map)) {
            throw malformed((path.isEmpty() ? "the message" : path) + " must be a JSON object, not " + kind(value));
        }
        return new JsonObject((Map<String, Object>) value, path);
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /** Refuses fields this version does not define: a sender that adds one expects it to count, and it would not. */
    public void onlyKnown(Set<String> known) throws WireFormatException {
        for (String name : fields.keySet()) {
            if (!known.contains(name)) {
                throw malformed(at(name) + " is not a field of this message in version 1");
            }
        }
    }

    public Object raw(String name) throws WireFormatException {
        if (!fields.containsKey(name)) {
            throw malformed(at(name) + " is missing");
        }
        return fields.get(name);
    }

    public String text(String name, int maxLength) throws WireFormatException {
        Object v = raw(name);
        if (!(v instanceof String s)) {
            throw malformed(at(name) + " must be a string, not " + kind(v));
        }
        if (s.isEmpty()) {
            throw malformed(at(name) + " must not be empty");
        }
        if (s.length() > maxLength) {
            throw malformed(at(name) + " is " + s.length() + " characters long; at most " + maxLength + " are allowed");
        }
        return s;
    }

    /** A string or null. */
    public String textOrNull(String name, int maxLength) throws WireFormatException {
        return raw(name) == null ? null : text(name, maxLength);
    }

    public String matching(String name, Pattern rule, String what) throws WireFormatException {
        String s = text(name, 1024);
        if (!rule.matcher(s).matches()) {
            throw malformed(at(name) + " must be " + what + ": '" + abbreviate(s) + "'");
        }
        return s;
    }

    /**
     * Like {@link #matching(String, Pattern, String)}, but a value equal to {@code known} (one that passed the same rule
     * before, such as the previous operation's device id in a push) is taken without matching it again.
     */
    public String matching(String name, Pattern rule, String what, String known) throws WireFormatException {
        if (known != null) {
            Object v = raw(name);
            if (known.equals(v)) {
                return known;
            }
        }
        return matching(name, rule, what);
    }

    public String hash(String name) throws WireFormatException {
        String s = text(name, 1024);
        // [0-9a-f]{64} without a regular expression: this runs twice for every operation of every push
        boolean hex = s.length() == 64;
        for (int i = 0; hex && i < 64; i++) {
            char c = s.charAt(i);
            hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }
        if (!hex) {
            throw malformed(at(name) + " must be 64 lower-case hex characters: '" + abbreviate(s) + "'");
        }
        return s;
    }

    public long integer(String name, long min, long max) throws WireFormatException {
        Object v = raw(name);
        if (!(v instanceof Long n)) {
            throw malformed(at(name) + " must be an integer from " + min + " to " + max + ", not "
                    + (v instanceof BigInteger ? "the too large " + v : kind(v)));
        }
        if (n < min || n > max) {
            throw malformed(at(name) + " must be from " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    public boolean bool(String name) throws WireFormatException {
        Object v = raw(name);
        if (!(v instanceof Boolean b)) {
            throw malformed(at(name) + " must be true or false, not " + kind(v));
        }
        return b;
    }

    public List<?> list(String name) throws WireFormatException {
        Object v = raw(name);
        if (!(v instanceof List<?> l)) {
            throw malformed(at(name) + " must be an array, not " + kind(v));
        }
        return l;
    }

    /** An ISO-8601 instant in UTC with at most millisecond precision ({@code 2026-01-05T09:30:00.125Z}). */
    public Instant instant(String name) throws WireFormatException {
        String s = text(name, 40);
        Instant t;
        try {
            t = Instant.parse(s);
        } catch (DateTimeException e) {
            throw malformed(at(name) + " must be an ISO-8601 instant such as 2026-01-05T09:30:00.125Z: '" + abbreviate(s) + "'");
        }
        if (t.getNano() % 1_000_000 != 0) {
            throw malformed(at(name) + " has more than millisecond precision, which the hash does not cover: '" + s + "'");
        }
        return t;
    }

    public String at(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public static WireFormatException malformed(String detail) {
        return new WireFormatException(RejectReason.MALFORMED, detail);
    }

    static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number) {
            return "the number " + v;
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof Map) {
            return "an object";
        }
        return v.getClass().getSimpleName();
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
