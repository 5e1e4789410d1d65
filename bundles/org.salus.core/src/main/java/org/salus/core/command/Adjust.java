package org.salus.core.command;

import org.salus.core.access.Permissions;

/**
 * Corrects a batch's quantity after a count (breakage, a miscount); the reason is required.
 *
 * @param batchId the batch
 * @param delta the signed change (not 0; the result may not fall below zero)
 * @param reason why, in words ("stock count 2026-11-20")
 */
public record Adjust(String batchId, int delta, String reason) implements Command {

    /** Needs {@value org.salus.core.access.Permissions#STOCK_ADJUST}. */
    @Override
    public String permission() {
        return Permissions.STOCK_ADJUST;
    }
}
