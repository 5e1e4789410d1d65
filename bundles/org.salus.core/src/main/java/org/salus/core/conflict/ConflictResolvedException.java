package org.salus.core.conflict;

import org.salus.core.command.CommandException;

/** A resolution names a conflict that someone has resolved already; nothing was written. */
public class ConflictResolvedException extends CommandException {

    private static final long serialVersionUID = 1L;

    private final RegisterConflict conflict;

    public ConflictResolvedException(RegisterConflict conflict) {
        super("The conflict over " + conflict.field() + " of " + conflict.entityType().toLowerCase() + " " + conflict.entityId()
                + " was already resolved by " + conflict.resolution().userName() + " at " + conflict.resolution().at() + " with "
                + (conflict.resolution().value() == null ? "no value" : "'" + conflict.resolution().value() + "'")
                + ". Nothing was changed.");
        this.conflict = conflict;
    }

    /** The conflict as it is resolved. */
    public RegisterConflict conflict() {
        return conflict;
    }
}
