package org.salus.ui.stock;

import java.time.LocalDate;

/** Which medicines the list shows. */
public enum StockFilter {
    ALL("All medicines"),
    LOW("Low stock"),
    EXPIRING("Expiring within 90 days"),
    CRITICAL("Critical medicines");

    private final String label;

    StockFilter(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether a row passes this filter on a day. */
    public boolean accepts(MedicineRow row, LocalDate today) {
        return switch (this) {
            case ALL -> true;
            case LOW -> row.low();
            case EXPIRING -> row.expiryClass(today) != ExpiryClass.LATER;
            case CRITICAL -> row.medicine().isCritical();
        };
    }
}
