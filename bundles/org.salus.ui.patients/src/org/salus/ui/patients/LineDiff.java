package org.salus.ui.patients;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A line diff of two texts for the side-by-side compare of note revisions: the longest common subsequence of their
 * lines, with removed and added runs between two common lines paired up as changed lines. Each row holds the line of
 * each side that is shown at that height, so the two panes stay aligned.
 */
public final class LineDiff {

    /** What happened to a row's line between the older and the newer text. */
    public enum Kind {
        /** The same line on both sides. */
        SAME,
        /** A line of the older text replaced by a line of the newer one. */
        CHANGED,
        /** A line only the older text has. */
        REMOVED,
        /** A line only the newer text has. */
        ADDED
    }

    /**
     * One row of the side-by-side view.
     *
     * @param kind what happened
     * @param left the older text's line, or null for an added line
     * @param right the newer text's line, or null for a removed line
     */
    public record Row(Kind kind, String left, String right) {
    }

    private LineDiff() {
    }

    /** The rows that show an older and a newer text side by side, top to bottom. */
    public static List<Row> compare(String older, String newer) {
        String[] a = lines(older);
        String[] b = lines(newer);
        int prefix = 0;
        while (prefix < a.length && prefix < b.length && a[prefix].equals(b[prefix])) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix].equals(b[b.length - 1 - suffix])) {
            suffix++;
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < prefix; i++) {
            rows.add(new Row(Kind.SAME, a[i], b[i]));
        }
        middle(Arrays.copyOfRange(a, prefix, a.length - suffix), Arrays.copyOfRange(b, prefix, b.length - suffix), rows);
        for (int i = suffix; i > 0; i--) {
            rows.add(new Row(Kind.SAME, a[a.length - i], b[b.length - i]));
        }
        return rows;
    }

    /** How many rows of a kind a diff has. */
    public static long count(List<Row> rows, Kind kind) {
        return rows.stream().filter(r -> r.kind() == kind).count();
    }

    /** The lines of a text; a final line break ends the last line rather than starting an empty one. */
    static String[] lines(String text) {
        if (text == null || text.isEmpty()) {
            return new String[0];
        }
        String[] split = text.split("\r\n|\r|\n", -1);
        return split[split.length - 1].isEmpty() ? Arrays.copyOf(split, split.length - 1) : split;
    }

    private static void middle(String[] a, String[] b, List<Row> rows) {
        // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..]
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                flush(removed, added, rows);
                rows.add(new Row(Kind.SAME, a[i], b[j]));
                i++;
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                added.add(b[j++]);
            } else {
                removed.add(a[i++]);
            }
        }
        flush(removed, added, rows);
    }

    /** Pairs a run of removed lines with the run of added lines that replaced it. */
    private static void flush(List<String> removed, List<String> added, List<Row> rows) {
        int paired = Math.min(removed.size(), added.size());
        for (int k = 0; k < paired; k++) {
            rows.add(new Row(Kind.CHANGED, removed.get(k), added.get(k)));
        }
        for (int k = paired; k < removed.size(); k++) {
            rows.add(new Row(Kind.REMOVED, removed.get(k), null));
        }
        for (int k = paired; k < added.size(); k++) {
            rows.add(new Row(Kind.ADDED, null, added.get(k)));
        }
        removed.clear();
        added.clear();
    }
}
