package org.salus.ui.app.session;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.osgi.service.event.Event;
import org.salus.security.Session;

import jakarta.inject.Inject;

/**
 * Re-applies {@link PermissionTags} whenever the session in the application context changes (login, unlock, switch
 * user), so a front-desk user never sees the stock screens a pharmacist works with on the same workstation; and to
 * every element added to the model while Salus runs (a plugin's fragment merged when its bundle starts), so a plugin's
 * part shows only to the sessions its tag names.
 */
public class PermissionVisibilityAddon {

    @Inject
    MApplication application;

    private volatile Session session;

    @Inject
    void sessionChanged(@Optional Session session) {
        this.session = session;
        if (application != null) {
            PermissionTags.apply(application, session);
        }
    }

    @Inject
    @Optional
    void elementAdded(@UIEventTopic(UIEvents.ElementContainer.TOPIC_CHILDREN) Event event) {
        if (!UIEvents.isADD(event)) {
            return;
        }
        for (Object added : UIEvents.asIterable(event, UIEvents.EventTags.NEW_VALUE)) {
            PermissionTags.applyTo(added, session);
        }
    }
}
