package org.salus.ui.app.preferences;

/**
 * How far ahead the stock screens warn about expiry: batches expiring within {@code soonDays} are used first
 * (coloured strongly), those within {@code watchDays} are watched.
 */
public record ExpiryWindows(int soonDays, int watchDays) {

    /** What the stock screens use until someone changes it: 30 and 90 days. */
    public static final ExpiryWindows DEFAULT = new ExpiryWindows(30, 90);
    /** The longest window the screens accept: two years. */
    public static final int MAX_DAYS = 730;

    /** @throws IllegalArgumentException unless 0 &le; soonDays &le; watchDays &le; {@value #MAX_DAYS} */
    public ExpiryWindows {
        if (soonDays < 0 || watchDays > MAX_DAYS || soonDays > watchDays) {
            throw new IllegalArgumentException("expiry windows go from 0 to " + MAX_DAYS + " days and the first ("
                    + soonDays + ") is not longer than the second (" + watchDays + ")");
        }
    }
}
