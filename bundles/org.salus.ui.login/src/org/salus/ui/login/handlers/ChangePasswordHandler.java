package org.salus.ui.login.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.widgets.Shell;
import org.salus.security.Session;
import org.salus.ui.login.SessionGuard;

import jakarta.inject.Named;

/** Lets the logged-in user set a new password. */
public class ChangePasswordHandler {

    @CanExecute
    public boolean canExecute(@Optional Session session, @Optional SessionGuard guard) {
        return session != null && guard != null;
    }

    @Execute
    public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, SessionGuard guard) {
        guard.changePassword(shell);
    }
}
