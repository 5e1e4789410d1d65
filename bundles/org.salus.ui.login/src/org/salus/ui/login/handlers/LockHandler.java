package org.salus.ui.login.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.salus.security.Session;
import org.salus.ui.login.SessionGuard;

/** Locks the workstation now: leaving it, the user locks it so nobody works under their name. */
public class LockHandler {

    @CanExecute
    public boolean canExecute(@Optional Session session, @Optional SessionGuard guard) {
        return session != null && guard != null;
    }

    @Execute
    public void execute(SessionGuard guard) {
        guard.lockNow();
    }
}
