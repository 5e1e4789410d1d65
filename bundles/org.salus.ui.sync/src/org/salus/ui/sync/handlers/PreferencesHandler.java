package org.salus.ui.sync.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.widgets.Shell;
import org.salus.device.WorkstationSettings;
import org.salus.security.Session;
import org.salus.ui.sync.PreferencesDialog;

import jakarta.inject.Named;

/** File, Preferences: the workstation's preferences. */
public class PreferencesHandler {

    @Execute
    public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, @Optional @Service WorkstationSettings settings,
            @Optional Session session) {
        new PreferencesDialog(shell, settings, session).open();
    }
}
