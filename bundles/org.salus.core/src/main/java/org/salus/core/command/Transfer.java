package org.salus.core.command;

import org.salus.core.access.Permissions;

/**
 * Moves units of a batch to another location; the lot keeps its number and expiry there.
 *
 * @param batchId the batch to take from
 * @param quantity how many units (1 to 1,000,000; no more than the batch holds)
 * @param toLocation where they go (different from the batch's location)
 */
public record Transfer(String batchId, int quantity, String toLocation) implements Command {

    /** Needs {@value org.salus.core.access.Permissions#STOCK_TRANSFER}. */
    @Override
    public String permission() {
        return Permissions.STOCK_TRANSFER;
    }
}
