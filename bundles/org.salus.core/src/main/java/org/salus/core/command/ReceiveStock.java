package org.salus.core.command;

import java.time.LocalDate;

import org.salus.core.access.Permissions;

/**
 * Records a delivery of one lot of a medicine into a location. A lot already held at that location is topped up,
 * otherwise a new batch is created.
 *
 * @param medicineId the medicine
 * @param lot the manufacturer's lot number
 * @param expiry the lot's expiry date; not in the past
 * @param location where it is stored ("main-store")
 * @param quantity how many units arrived (1 to 1,000,000)
 */
public record ReceiveStock(String medicineId, String lot, LocalDate expiry, String location, int quantity) implements Command {

    /** Needs {@value org.salus.core.access.Permissions#STOCK_RECEIVE}. */
    @Override
    public String permission() {
        return Permissions.STOCK_RECEIVE;
    }
}
