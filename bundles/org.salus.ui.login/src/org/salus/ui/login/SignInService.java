package org.salus.ui.login;

import java.util.Optional;

import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.salus.core.command.ClinicCommands;
import org.salus.security.Authentication;
import org.salus.security.Session;
import org.salus.ui.app.session.SignIn;
import org.salus.ui.login.internal.DemoSeeder;

/** The workstation's sign-in: the login dialog, before the main window opens. */
@Component(service = SignIn.class)
public class SignInService implements SignIn {

    private final Authentication auth;
    private final BundleContext context;

    /**
     * @param commands not used here: holding it activates the core's command service, which hands its ledger to the
     *        security service; until then nobody can log in
     */
    @Activate
    public SignInService(@Reference Authentication auth, @Reference ClinicCommands commands, BundleContext context) {
        this.auth = auth;
        this.context = context;
    }

    @Override
    public Optional<Session> signIn(Shell parent) {
        LoginDialog dialog = new LoginDialog(parent, auth, LoginDialog.Mode.SIGN_IN, null, DemoSeeder.hookFor(context));
        dialog.open();
        return dialog.session();
    }
}
