package org.salus.core.command;

import org.salus.core.access.Permissions;

/**
 * Stops an active medication order.
 *
 * @param orderId the order
 * @param reason why it was stopped
 */
public record DiscontinueMedication(String orderId, String reason) implements Command {

    /** Needs {@value org.salus.core.access.Permissions#CLINICAL_ORDER}. */
    @Override
    public String permission() {
        return Permissions.CLINICAL_ORDER;
    }
}
