package org.salus.ui.patients.handlers;

import org.salus.core.access.Permissions;
import org.salus.ui.patients.PatientsPart;

/** Patients > Record observation: records an observation of the shown patient. */
public class ObservationHandler extends PatientsHandler {

    @Override
    protected String permission() {
        return Permissions.CLINICAL_OBSERVATION;
    }

    @Override
    protected void run(PatientsPart part) {
        part.openObservation();
    }
}
