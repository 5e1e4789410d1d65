package org.salus.model;

import java.util.Set;

/** Thrown when an entity type name is not an entity of the Salus model; it names the types that do exist. */
public class UnknownEntityTypeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String entityType;
    private final Set<String> knownTypes;

    public UnknownEntityTypeException(String entityType, Set<String> knownTypes) {
        super("Unknown entity type '" + entityType + "': the Salus model has " + String.join(", ", knownTypes));
        this.entityType = entityType;
        this.knownTypes = Set.copyOf(knownTypes);
    }

    /** The name that was asked for, as given (may be null). */
    public String entityType() {
        return entityType;
    }

    /** The entity type names the model does have. */
    public Set<String> knownTypes() {
        return knownTypes;
    }
}
