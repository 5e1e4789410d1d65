package org.salus.sync.mqtt;

/**
 * A stock batch that has gone below zero after merging other devices' movements: more was dispensed than received.
 *
 * @param batchId the batch
 * @param medicineId its medicine
 * @param lot its lot number, or null when the batch's own record has not arrived yet
 * @param location where it is kept, or null
 * @param quantityOnHand below zero
 */
public record NegativeStock(String batchId, String medicineId, String lot, String location, int quantityOnHand) {
}
