package org.salus.core.plugin;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.salus.core.command.CommandException;

/**
 * No running plugin registers the entity type asked for (the plugin is not installed, stopped, or its type was
 * refused); nothing was recorded. Entities recorded earlier stay in the store and are seen again when it returns.
 */
public class UnknownEntityTypeException extends CommandException {

    private static final long serialVersionUID = 1L;

    private final String entityType;
    private final SortedSet<String> registered;

    public UnknownEntityTypeException(String entityType, Set<String> registered) {
        super("No running plugin registers the entity type '" + entityType + "'; registered now: "
                + (registered.isEmpty() ? "none" : String.join(", ", new TreeSet<>(registered))) + ". Nothing was recorded.");
        this.entityType = entityType;
        this.registered = new TreeSet<>(registered);
    }

    /** The type asked for. */
    public String entityType() {
        return entityType;
    }

    /** The types registered when it was asked for. */
    public SortedSet<String> registered() {
        return registered;
    }
}
