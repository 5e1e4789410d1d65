package org.salus.core.command;

import java.util.List;
import java.util.Optional;

import org.salus.core.op.OpEnvelope;

/**
 * What a command (or a batch of them) recorded.
 *
 * @param operations the operations written, in order
 * @param created the entities created, in order
 */
public record CommandResult(List<OpEnvelope> operations, List<EntityRef> created) {

    public CommandResult {
        operations = List.copyOf(operations);
        created = List.copyOf(created);
    }

    /** The id of the first created entity of a type. */
    public Optional<String> findCreated(String entityType) {
        return created.stream().filter(r -> r.entityType().equals(entityType)).map(EntityRef::id).findFirst();
    }

    /**
     * The id of the first created entity of a type.
     *
     * @throws IllegalStateException when none was created
     */
    public String createdId(String entityType) {
        return findCreated(entityType).orElseThrow(() -> new IllegalStateException("this command created no " + entityType));
    }

    /** The ids of all created entities of a type, in order. */
    public List<String> createdIds(String entityType) {
        return created.stream().filter(r -> r.entityType().equals(entityType)).map(EntityRef::id).toList();
    }
}
