package org.salus.ui.login.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.salus.security.Session;
import org.salus.ui.login.SessionGuard;

/** Switching user goes through the lock screen: the session locks, then another person logs in. */
public class SwitchUserHandler {

    @CanExecute
    public boolean canExecute(@Optional Session session, @Optional SessionGuard guard) {
        return session != null && guard != null;
    }

    @Execute
    public void execute(SessionGuard guard) {
        guard.switchUser();
    }
}
