package org.salus.core.command;

/**
 * Removes everything left of an expired batch from stock.
 *
 * @param batchId the batch; its expiry date must be before today
 * @param reason why, in words, or null for "expired"
 */
public record WriteOffExpired(String batchId, String reason) implements Command {
}
