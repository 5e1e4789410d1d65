package org.salus.core.command;

import org.salus.core.access.Permissions;

/**
 * Removes everything left of an expired batch from stock.
 *
 * @param batchId the batch; its expiry date must be before today
 * @param reason why, in words, or null for "expired"
 */
public record WriteOffExpired(String batchId, String reason) implements Command {

    /** Needs {@value org.salus.core.access.Permissions#STOCK_WRITE_OFF}. */
    @Override
    public String permission() {
        return Permissions.STOCK_WRITE_OFF;
    }
}
