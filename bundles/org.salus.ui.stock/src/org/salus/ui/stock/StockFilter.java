package org.salus.ui.stock;

import java.time.LocalDate;

import org.salus.ui.app.preferences.ExpiryWindows;

/** Which medicines the list shows. */
public enum StockFilter {
    ALL("All medicines"),
    LOW("Low stock"),
    EXPIRING("Expiring soon"),
    CRITICAL("Critical medicines");

    private final String label;

    StockFilter(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** How the filter reads with the expiry windows in use ("Expiring within 90 days"). */
    public String label(ExpiryWindows windows) {
        return this == EXPIRING ? "Expiring within " + windows.watchDays() + " days" : label;
    }

    /** Whether a row passes this filter on a day, with the default expiry windows. */
    public boolean accepts(MedicineRow row, LocalDate today) {
        return accepts(row, today, ExpiryWindows.DEFAULT);
    }

    /** Whether a row passes this filter on a day. */
    public boolean accepts(MedicineRow row, LocalDate today, ExpiryWindows windows) {
        return switch (this) {
            case ALL -> true;
            case LOW -> row.low();
            case EXPIRING -> ExpiryClass.of(row.earliestExpiry(), today, windows) != ExpiryClass.LATER;
            case CRITICAL -> row.medicine().isCritical();
        };
    }
}
