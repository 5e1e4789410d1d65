package org.salus.ui.app.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.swt.widgets.Shell;
import org.salus.core.platform.PlatformInfo;
import org.salus.ui.app.about.AboutDialog;

import jakarta.inject.Named;

import org.eclipse.e4.ui.services.IServiceConstants;

/** Opens the About dialog: Salus version and every installed bundle with its version and state. */
public class AboutHandler {

    @Execute
    public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, @Optional @Service PlatformInfo platform) {
        new AboutDialog(shell, platform).open();
    }
}
