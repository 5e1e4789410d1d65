package org.salus.security.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import org.salus.core.command.InvalidInputException;

/** Login names and role ids as they are stored and compared. */
final class Names {

    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._@-]{0,63}");
    private static final Pattern ROLE_ID = Pattern.compile("[a-z][a-z0-9-]{0,49}");

    private Names() {
    }

    /**
     * A login name as stored: NFKC-normalised, trimmed, lower case; letters, digits and {@code . _ @ -}, 1 to 64 of them.
     *
     * @throws InvalidInputException when it is blank or has other characters
     */
    static String username(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        if (raw.length() > 256) {
            throw new InvalidInputException(field, "a login name has at most 64 characters");
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFKC).trim().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw new InvalidInputException(field, "a login name has 1 to 64 letters, digits and . _ @ - (starting with a letter"
                    + " or digit), no spaces");
        }
        return name;
    }

    /** A role id: lower-case letters, digits and hyphens, starting with a letter, at most 50. */
    static String roleId(String field, String raw) {
        if (raw == null || !ROLE_ID.matcher(raw).matches()) {
            throw new InvalidInputException(field, "a role id has 1 to 50 lower-case letters, digits and hyphens, starting with a letter"
                    + (raw == null ? "" : " ('" + (raw.length() > 50 ? raw.substring(0, 50) + "..." : raw) + "')"));
        }
        return raw;
    }

    /** A required text of at most {@code max} characters, trimmed, without control characters. */
    static String text(String field, String raw, int max, boolean required) {
        String t = raw == null ? null : raw.trim();
        if (t == null || t.isEmpty()) {
            if (required) {
                throw new InvalidInputException(field, "is required");
            }
            return null;
        }
        if (t.length() > max) {
            throw new InvalidInputException(field, "has at most " + max + " characters (this one has " + t.length() + ")");
        }
        if (t.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException(field, "contains a control character");
        }
        return t;
    }
}
