package org.salus.core.command;

import org.salus.core.access.Permissions;

/**
 * Writes a new clinical note; its text becomes revision 1.
 *
 * @param patientId the patient
 * @param encounterId the visit (of the same patient), or null
 * @param title the note's title
 * @param text the note's text
 */
public record WriteNote(String patientId, String encounterId, String title, String text) implements Command {

    /** Needs {@value org.salus.core.access.Permissions#CLINICAL_NOTE}. */
    @Override
    public String permission() {
        return Permissions.CLINICAL_NOTE;
    }
}
