package org.salus.core.command;

import org.salus.core.access.Permissions;

/**
 * Hands out a medicine. Without a batch the service picks batches first-expired-first-out, skipping expired ones,
 * and splits the quantity over several batches when one is not enough.
 *
 * @param medicineId the medicine
 * @param quantity how many units (1 to 1,000,000)
 * @param batchId a batch to take from, or null to let the service pick
 * @param orderId the medication order being filled, or null
 * @param patientId the patient it is for, or null
 */
public record Dispense(String medicineId, int quantity, String batchId, String orderId, String patientId) implements Command {

    /** Dispenses first-expired-first-out. */
    public static Dispense fefo(String medicineId, int quantity) {
        return new Dispense(medicineId, quantity, null, null, null);
    }

    /** Dispenses from one named batch. */
    public static Dispense fromBatch(String medicineId, String batchId, int quantity) {
        return new Dispense(medicineId, quantity, batchId, null, null);
    }

    /** This dispense, for a medication order of a patient. */
    public Dispense forOrder(String newOrderId, String newPatientId) {
        return new Dispense(medicineId, quantity, batchId, newOrderId, newPatientId);
    }

    /** Needs {@value org.salus.core.access.Permissions#STOCK_DISPENSE_ORDER} against an order, else {@value org.salus.core.access.Permissions#STOCK_DISPENSE}. */
    @Override
    public String permission() {
        return orderId == null ? Permissions.STOCK_DISPENSE : Permissions.STOCK_DISPENSE_ORDER;
    }
}
