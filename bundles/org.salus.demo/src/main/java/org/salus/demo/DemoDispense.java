package org.salus.demo;

import java.time.LocalDateTime;

/**
 * One dispensing of a medicine from a batch, in clinic local time.
 * It always fits its batch: dispensed on or after {@code receivedOn}, before {@code expiry}, and never more than is left.
 *
 * @param dispensedAt       clinic local date and time
 * @param medicineGtin      the GTIN of the {@link DemoMedicine}
 * @param batchLot          the lot of the {@link DemoBatch} it is taken from
 * @param location          the batch's store
 * @param patientIdentifier the {@link DemoPatient}'s record number, or null when the data set has no patients
 * @param quantity          dispensing units handed out (positive; the stock movement is its negation)
 */
public record DemoDispense(LocalDateTime dispensedAt, String medicineGtin, String batchLot, String location, String patientIdentifier,
        int quantity) {
}
