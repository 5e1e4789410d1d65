package org.salus.core.command;

import org.salus.core.access.Permissions;

/**
 * Adds a revision to a note; earlier revisions stay readable.
 *
 * @param noteId the note
 * @param text the new full text
 */
public record ReviseNote(String noteId, String text) implements Command {

    /** Needs {@value org.salus.core.access.Permissions#CLINICAL_NOTE}. */
    @Override
    public String permission() {
        return Permissions.CLINICAL_NOTE;
    }
}
