package org.salus.ui.patients.handlers;

import org.salus.core.access.Permissions;
import org.salus.ui.patients.PatientsPart;

/** Patients > Register patient: opens the registration on the patients part. */
public class RegisterPatientHandler extends PatientsHandler {

    @Override
    protected String permission() {
        return Permissions.PATIENT_REGISTER;
    }

    @Override
    protected void run(PatientsPart part) {
        part.openRegister();
    }
}
