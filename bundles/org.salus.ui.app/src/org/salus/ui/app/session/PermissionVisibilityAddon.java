package org.salus.ui.app.session;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.model.application.MApplication;
import org.salus.security.Session;

import jakarta.inject.Inject;

/**
 * Re-applies {@link PermissionTags} whenever the session in the application context changes (login, unlock, switch
 * user), so a front-desk user never sees the stock screens a pharmacist works with on the same workstation.
 */
public class PermissionVisibilityAddon {

    @Inject
    MApplication application;

    @Inject
    void sessionChanged(@Optional Session session) {
        if (application != null) {
            PermissionTags.apply(application, session);
        }
    }
}
