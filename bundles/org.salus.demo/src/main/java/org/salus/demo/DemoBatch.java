package org.salus.demo;

import java.time.LocalDate;

/**
 * A lot of a medicine received into one store of the clinic.
 *
 * @param lot              the lot number, unique in one generated data set (the batch's key)
 * @param medicineGtin     the GTIN of the {@link DemoMedicine}
 * @param location         the store holding it, e.g. "PHARMACY-A", "WARD-1"
 * @param receivedOn       the day it was received
 * @param expiry           its expiry date, always after {@code receivedOn}
 * @param quantityReceived dispensing units received (positive)
 */
public record DemoBatch(String lot, String medicineGtin, String location, LocalDate receivedOn, LocalDate expiry, int quantityReceived) {
}
