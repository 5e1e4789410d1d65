package org.salus.ui.patients;

import java.util.List;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.ReviseNote;
import org.salus.core.command.WriteNote;
import org.salus.model.clinical.Encounter;
import org.salus.model.clinical.Note;
import org.salus.model.clinical.Patient;
import org.salus.security.Session;

/**
 * Writes a clinical note, or revises one: a revision is the note's new full text, and every earlier revision stays
 * readable.
 */
public class NoteDialog extends ClinicalDialog {

    private final Note note;
    private final String currentText;
    private Text title;
    private Text text;

    /** A dialog that writes a new note. */
    public static NoteDialog write(Shell parent, ClinicCommands commands, Session session, Patient patient, List<Encounter> encounters) {
        return new NoteDialog(parent, commands, session, patient, encounters, null, null);
    }

    /** A dialog that revises a note, starting from the text of its current revision. */
    public static NoteDialog revise(Shell parent, ClinicCommands commands, Session session, Patient patient, Note note, String currentText) {
        return new NoteDialog(parent, commands, session, patient, null, note, currentText);
    }

    private NoteDialog(Shell parent, ClinicCommands commands, Session session, Patient patient, List<Encounter> encounters, Note note,
            String currentText) {
        super(parent, commands, session, note == null ? "Write note" : "Revise note", note == null ? "Save note" : "Save revision", patient,
                encounters);
        this.note = note;
        this.currentText = currentText;
    }

    @Override
    protected String instructions() {
        return note == null ? "The note's text becomes its revision 1; later revisions keep every earlier one readable."
                : "Edit the whole text; it becomes revision " + (note.getCurrentRevision() + 1) + ". Revision " + note.getCurrentRevision()
                        + " stays readable.";
    }

    @Override
    protected String testIdPrefix() {
        return note == null ? "note" : "revise";
    }

    @Override
    protected void createFields(Composite area) {
        patientLine(area);
        if (note == null) {
            encounterChoice(area);
            title = field(area, "Title:", "title", null, "Consultation, Follow-up, ...");
        } else {
            fact(area, "Note:", "title", note.getTitle() + " (revision " + note.getCurrentRevision() + ")");
        }
        text = area(area, "Text:", "text", currentText, 12);
    }

    @Override
    protected Supplier<String> command() {
        String body = text.getText().strip().isEmpty() ? null : text.getText();
        String who = Formats.name(patient);
        if (note == null) {
            WriteNote c = new WriteNote(patient.getId(), chosenEncounter(), value(title), body);
            return () -> {
                commands.execute(session.actor(), c);
                return "Wrote the note \"" + c.title() + "\" for " + who + ".";
            };
        }
        ReviseNote c = new ReviseNote(note.getId(), body);
        return () -> {
            commands.execute(session.actor(), c);
            return "Saved revision " + (note.getCurrentRevision() + 1) + " of \"" + note.getTitle() + "\" for " + who + ".";
        };
    }
}
