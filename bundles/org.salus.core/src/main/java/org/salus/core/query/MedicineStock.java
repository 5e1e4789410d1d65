package org.salus.core.query;

import java.time.LocalDate;

import org.salus.model.inventory.Medicine;

/**
 * A medicine with its stock.
 *
 * @param medicine the master data
 * @param onHand units held in all batches, expired ones included
 * @param usable units held in batches that have not expired
 * @param firstExpiry the soonest expiry among the batches that hold stock, expired ones included; null when no batch
 *        holds stock (or none has an expiry date)
 */
public record MedicineStock(Medicine medicine, long onHand, long usable, LocalDate firstExpiry) {

    /** A medicine with its stock, its first expiry not known. */
    public MedicineStock(Medicine medicine, long onHand, long usable) {
        this(medicine, onHand, usable, null);
    }

    /** Whether usable stock is at or below the reorder level. */
    public boolean low() {
        return usable <= medicine.getReorderLevel();
    }
}
