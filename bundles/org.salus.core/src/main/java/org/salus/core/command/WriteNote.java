package org.salus.core.command;

/**
 * Writes a new clinical note; its text becomes revision 1.
 *
 * @param patientId the patient
 * @param encounterId the visit (of the same patient), or null
 * @param title the note's title
 * @param text the note's text
 */
public record WriteNote(String patientId, String encounterId, String title, String text) implements Command {
}
