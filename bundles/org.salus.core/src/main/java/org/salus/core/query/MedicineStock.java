package org.salus.core.query;

import org.salus.model.inventory.Medicine;

/**
 * A medicine with its stock.
 *
 * @param medicine the master data
 * @param onHand units held in all batches, expired ones included
 * @param usable units held in batches that have not expired
 */
public record MedicineStock(Medicine medicine, long onHand, long usable) {

    /** Whether usable stock is at or below the reorder level. */
    public boolean low() {
        return usable <= medicine.getReorderLevel();
    }
}
