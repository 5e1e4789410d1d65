package org.salus.core.command;

/**
 * Stops an active medication order.
 *
 * @param orderId the order
 * @param reason why it was stopped
 */
public record DiscontinueMedication(String orderId, String reason) implements Command {
}
