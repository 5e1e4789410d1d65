package org.salus.ui.patients.handlers;

import org.salus.core.access.Permissions;
import org.salus.ui.patients.PatientsPart;

/** Patients > Order medication: prescribes for the shown patient. */
public class OrderHandler extends PatientsHandler {

    @Override
    protected String permission() {
        return Permissions.CLINICAL_ORDER;
    }

    @Override
    protected void run(PatientsPart part) {
        part.openOrder();
    }
}
