package org.salus.core.command;

/**
 * Names one entity.
 *
 * @param entityType the model's entity type name ("StockBatch")
 * @param id the entity's id
 */
public record EntityRef(String entityType, String id) {
}
