package org.salus.ui.stock;

import java.time.LocalDate;

import org.salus.core.query.MedicineStock;
import org.salus.model.inventory.Medicine;

/**
 * One line of the medicine list: the medicine, its stock, and its first expiry among batches that still hold stock.
 *
 * @param stock the medicine and its stock
 * @param earliestExpiry the soonest expiry of a batch holding stock within the watched window, or null
 */
public record MedicineRow(MedicineStock stock, LocalDate earliestExpiry) {

    public Medicine medicine() {
        return stock.medicine();
    }

    /** The name a pharmacist reads: INN, strength and form ("Amoxicillin 500 mg capsule"). */
    public String label() {
        return label(stock.medicine());
    }

    /** The name of a medicine as the screens show it. */
    public static String label(Medicine m) {
        StringBuilder sb = new StringBuilder(m.getInnName());
        if (m.getStrength() != null && !m.getStrength().isBlank()) {
            sb.append(' ').append(m.getStrength());
            if (m.getUnit() != null && !m.getUnit().isBlank()) {
                sb.append(' ').append(m.getUnit());
            }
        }
        if (m.getForm() != null && !m.getForm().isBlank()) {
            sb.append(' ').append(m.getForm());
        }
        return sb.toString();
    }

    /** Whether usable stock is at or below the reorder level. */
    public boolean low() {
        return stock.low();
    }

    /** How urgent the first expiry is on a day. */
    public ExpiryClass expiryClass(LocalDate today) {
        return ExpiryClass.of(earliestExpiry, today);
    }
}
