package org.salus.ui.patients.handlers;

import org.salus.core.access.Permissions;
import org.salus.ui.patients.PatientsPart;

/** Patients > Update demographics: corrects the shown patient's demographics. */
public class DemographicsHandler extends PatientsHandler {

    @Override
    protected String permission() {
        return Permissions.PATIENT_DEMOGRAPHICS;
    }

    @Override
    protected void run(PatientsPart part) {
        part.openDemographics();
    }
}
