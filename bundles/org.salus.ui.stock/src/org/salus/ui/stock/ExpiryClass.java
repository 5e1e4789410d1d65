package org.salus.ui.stock;

import java.time.LocalDate;

import org.salus.ui.app.preferences.ExpiryWindows;
import java.time.temporal.ChronoUnit;

/** How urgent a batch's expiry is, as the stock screens colour it. */
public enum ExpiryClass {
    /** The expiry date is before today: it may not be dispensed, only written off. */
    EXPIRED("expired"),
    /** Expires within 30 days: use it first, or move it where it will be used. */
    WITHIN_30_DAYS("within 30 days"),
    /** Expires within 90 days: watch it. */
    WITHIN_90_DAYS("within 90 days"),
    /** Expires later. */
    LATER("");

    private final String words;

    ExpiryClass(String words) {
        this.words = words;
    }

    /** The class of an expiry date on a day with the default windows (30 and 90 days). */
    public static ExpiryClass of(LocalDate expiry, LocalDate today) {
        return of(expiry, today, ExpiryWindows.DEFAULT);
    }

    /**
     * The class of an expiry date on a day; a batch without a date counts as {@link #LATER}. {@link #WITHIN_30_DAYS}
     * and {@link #WITHIN_90_DAYS} stand for the first and the second window, whatever their length.
     */
    public static ExpiryClass of(LocalDate expiry, LocalDate today, ExpiryWindows windows) {
        if (expiry == null) {
            return LATER;
        }
        if (expiry.isBefore(today)) {
            return EXPIRED;
        }
        long days = ChronoUnit.DAYS.between(today, expiry);
        if (days <= windows.soonDays()) {
            return WITHIN_30_DAYS;
        }
        if (days <= windows.watchDays()) {
            return WITHIN_90_DAYS;
        }
        return LATER;
    }

    /** How a person says it with the windows in use ("within 14 days"); empty for {@link #LATER}. */
    public String words(ExpiryWindows windows) {
        return switch (this) {
            case WITHIN_30_DAYS -> "within " + windows.soonDays() + " days";
            case WITHIN_90_DAYS -> "within " + windows.watchDays() + " days";
            default -> words;
        };
    }

    /** How a person says it with the default windows ("within 30 days"); empty for {@link #LATER}. */
    public String words() {
        return words;
    }
}
