package org.salus.ui.app.session;

import java.util.Optional;

import org.eclipse.swt.widgets.Shell;
import org.salus.security.Session;

/**
 * Asks who works at the workstation before its main window opens: an OSGi service of the login bundle. The
 * application puts the session it returns into its E4 context under {@code Session.class}; parts and handlers
 * inject it, and whoever locks, unlocks or switches the user sets the new snapshot there.
 */
public interface SignIn {

    /**
     * Shows the login (the first run's one-time password and a required password change included) and blocks until a
     * user is logged in. Call on the UI thread.
     *
     * @param parent the parent shell, or null
     * @return the open session, or empty when the person chose to quit
     */
    Optional<Session> signIn(Shell parent);
}
