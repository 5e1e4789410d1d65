package org.salus.ui.patients.handlers;

import org.salus.core.access.Permissions;
import org.salus.ui.patients.PatientsPart;

/** Patients > Write note: writes a note in the shown patient's record. */
public class NoteHandler extends PatientsHandler {

    @Override
    protected String permission() {
        return Permissions.CLINICAL_NOTE;
    }

    @Override
    protected void run(PatientsPart part) {
        part.openWriteNote();
    }
}
