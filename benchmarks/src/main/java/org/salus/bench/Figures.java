package org.salus.bench;

import java.util.Arrays;
import java.util.Locale;

/** Prints figures in the one format every Salus benchmark uses. */
public final class Figures {

    private Figures() {
    }

    public static void print(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "BENCH %s %s %s", name, format(value), unit));
    }

    public static void print(String name, double value, String unit, double baseline) {
        System.out.println(String.format(Locale.ROOT, "BENCH %s %s %s baseline=%s ratio=%.2f", name, format(value), unit, format(baseline),
                value / baseline));
    }

    public static double median(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Nearest-rank percentile, p in (0, 100]. */
    public static double percentile(double[] samples, double p) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.2f", v);
    }
}
