package org.salus.ui.patients.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.salus.security.Session;
import org.salus.ui.patients.PatientsPart;

/** A Patients menu command: shows the patients part and opens its dialog, when the session's roles allow it. */
abstract class PatientsHandler {

    /** The permission the command needs. */
    protected abstract String permission();

    /** Opens the dialog on the patients part. */
    protected abstract void run(PatientsPart part);

    @CanExecute
    public boolean canExecute(@Optional Session session) {
        return session != null && session.grants(permission());
    }

    @Execute
    public void execute(EPartService parts) {
        MPart part = parts.findPart(PatientsPart.ID);
        if (part == null) {
            return;
        }
        parts.showPart(part, EPartService.PartState.ACTIVATE);
        if (part.getObject() instanceof PatientsPart patients) {
            run(patients);
        }
    }
}
