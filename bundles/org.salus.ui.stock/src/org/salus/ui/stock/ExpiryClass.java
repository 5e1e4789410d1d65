package org.salus.ui.stock;

import java.time.LocalDate;
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

    /** The class of an expiry date on a day; a batch without a date counts as {@link #LATER}. */
    public static ExpiryClass of(LocalDate expiry, LocalDate today) {
        if (expiry == null) {
            return LATER;
        }
        if (expiry.isBefore(today)) {
            return EXPIRED;
        }
        long days = ChronoUnit.DAYS.between(today, expiry);
        if (days <= 30) {
            return WITHIN_30_DAYS;
        }
        if (days <= 90) {
            return WITHIN_90_DAYS;
        }
        return LATER;
    }

    /** How a person says it ("within 30 days"); empty for {@link #LATER}. */
    public String words() {
        return words;
    }
}
