package org.salus.ui.sync.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.widgets.Shell;
import org.salus.core.access.Permissions;
import org.salus.device.Enrolment;
import org.salus.security.Session;
import org.salus.ui.sync.EnrolDialog;

import jakarta.inject.Named;

/** File, Enrol this workstation at a hub: for administrators (the enrolment service checks it again). */
public class EnrolHandler {

    @CanExecute
    public boolean canExecute(@Optional Session session) {
        return session != null && session.grants(Permissions.DEVICE_MANAGE);
    }

    @Execute
    public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, @Optional @Service Enrolment enrolment,
            @Optional Session session) {
        EnrolDialog.open(shell, enrolment, session);
    }
}
