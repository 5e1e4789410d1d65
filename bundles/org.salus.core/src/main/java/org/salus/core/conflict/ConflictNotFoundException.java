package org.salus.core.conflict;

import org.salus.core.command.NotFoundException;

/** A resolution names a conflict record this device does not hold. */
public class ConflictNotFoundException extends NotFoundException {

    private static final long serialVersionUID = 1L;

    public ConflictNotFoundException(String conflictId) {
        super(ClinicConflicts.ENTITY_TYPE, conflictId);
    }
}
