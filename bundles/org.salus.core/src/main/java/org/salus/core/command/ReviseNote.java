package org.salus.core.command;

/**
 * Adds a revision to a note; earlier revisions stay readable.
 *
 * @param noteId the note
 * @param text the new full text
 */
public record ReviseNote(String noteId, String text) implements Command {
}
