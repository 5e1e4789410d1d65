package org.salus.ui.patients.handlers;

import org.salus.core.access.Permissions;
import org.salus.ui.patients.PatientsPart;

/** Patients > Open encounter: opens a visit of the shown patient. */
public class EncounterHandler extends PatientsHandler {

    @Override
    protected String permission() {
        return Permissions.CLINICAL_ENCOUNTER;
    }

    @Override
    protected void run(PatientsPart part) {
        part.openEncounter();
    }
}
