package org.salus.core.conflict;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.command.Actor;
import org.salus.core.command.CommandResult;
import org.salus.core.command.ResolveConflict;

/**
 * The conflict records of the registers: concurrent changes of one field of a patient's demographics or of a
 * medicine's master data. They are a projection of the op log, so every device that holds the same operations holds
 * the same records, and resolving one is an operation that syncs.
 * <p>
 * Reads are checked inside the service like those of {@link org.salus.core.query.ClinicQueries}: conflicts of
 * patients need {@link org.salus.core.access.Permissions#PATIENT_READ patient.read}, those of medicines a usable
 * session. {@link #open(Actor)} leaves out the patients' conflicts for a user without {@code patient.read}.
 * Resolving needs the permission that edits the field: {@code patient.demographics} for a patient,
 * {@code medicine.register} for a medicine.
 */
@ProviderType
public interface ClinicConflicts {

    /** The entity type named by {@link ConflictNotFoundException}. */
    String ENTITY_TYPE = "Conflict";

    /** Every open conflict the user may read, by entity type, entity and field. */
    List<RegisterConflict> open(Actor actor);

    /**
     * The open conflicts of one patient or medicine.
     *
     * @param entityType {@code Patient} or {@code Medicine}
     */
    List<RegisterConflict> open(Actor actor, String entityType, String entityId);

    /** One conflict record, open or resolved. */
    Optional<RegisterConflict> conflict(Actor actor, String conflictId);

    /**
     * Resolves an open conflict: the chosen value becomes the field's value on every device the operation reaches.
     *
     * @return the resolution operation
     * @throws ConflictNotFoundException no such conflict is recorded here
     * @throws ConflictResolvedException someone resolved it already
     * @throws org.salus.core.command.InvalidInputException a merged value the field does not accept
     * @throws org.salus.core.access.PermissionDeniedException the user may not edit the field
     */
    CommandResult resolve(Actor actor, String conflictId, ResolveConflict.Choice choice, String mergedValue);

    /** Keeps the older side's value. */
    default CommandResult keepLeft(Actor actor, String conflictId) {
        return resolve(actor, conflictId, ResolveConflict.Choice.LEFT, null);
    }

    /** Keeps the newer side's value. */
    default CommandResult keepRight(Actor actor, String conflictId) {
        return resolve(actor, conflictId, ResolveConflict.Choice.RIGHT, null);
    }

    /** Sets a value typed by the person (a merge of both, or a correction of each). */
    default CommandResult merge(Actor actor, String conflictId, String value) {
        return resolve(actor, conflictId, ResolveConflict.Choice.MERGED, value);
    }
}
