package org.salus.core.internal.projection;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** The form of a name that searches compare: lower case, accents removed, spaces collapsed ("José  Núñez" is "jose nunez"). */
public final class SearchText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private SearchText() {
    }

    public static String of(String text) {
        if (text == null) {
            return null;
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        return SPACES.matcher(MARKS.matcher(decomposed).replaceAll("")).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
    }

    /** A LIKE pattern matching texts that start with {@code prefix}, with LIKE's own characters escaped (escape char '\'). */
    public static String startsWith(String prefix) {
        return escapeLike(of(prefix)) + "%";
    }

    /** A LIKE pattern matching texts that contain {@code part}, with LIKE's own characters escaped. */
    public static String contains(String part) {
        return "%" + escapeLike(of(part)) + "%";
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
