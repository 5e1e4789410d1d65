package org.salus.core.command;

import org.salus.core.access.Permissions;

/**
 * Resolves a conflict record of a register (see {@link org.salus.core.conflict.ClinicConflicts}) by one side's value
 * or a value typed by the person. It is recorded as an operation on the entity ({@code patient.resolve},
 * {@code medicine.resolve}) that builds on both sides, so the field's conflict closes wherever it arrives.
 *
 * @param conflictId the conflict record
 * @param entityType the conflict's entity type, {@code Patient} or {@code Medicine}: it names the permission, and the
 *        record must be of this type
 * @param choice which value to keep
 * @param mergedValue the value as text when the choice is {@link Choice#MERGED} (a date as 1980-05-17, sex as
 *        female, a flag as true); null clears an optional field
 */
public record ResolveConflict(String conflictId, String entityType, Choice choice, String mergedValue) implements Command {

    /** Which value a resolution keeps. */
    public enum Choice {
        /** The older side's value. */
        LEFT,
        /** The newer side's value. */
        RIGHT,
        /** The value given in {@code mergedValue}. */
        MERGED
    }

    public ResolveConflict {
        if (!"Patient".equals(entityType) && !"Medicine".equals(entityType)) {
            throw new InvalidInputException("entityType", "conflicts are recorded for Patient and Medicine, not " + entityType);
        }
        if (choice == null) {
            throw new InvalidInputException("choice", "choose the left value, the right value or a merged value");
        }
    }

    /**
     * The permission that edits the field: {@value org.salus.core.access.Permissions#PATIENT_DEMOGRAPHICS} or
     * {@value org.salus.core.access.Permissions#MEDICINE_REGISTER}.
     */
    @Override
    public String permission() {
        return "Patient".equals(entityType) ? Permissions.PATIENT_DEMOGRAPHICS : Permissions.MEDICINE_REGISTER;
    }
}
