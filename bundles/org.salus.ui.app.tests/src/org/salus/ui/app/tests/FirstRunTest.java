package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.ui.login.LoginDialog;

/** A clinic's first start: the setup account's one-time password is shown once, then its user must choose a password. */
class FirstRunTest {

    private Clinic clinic;
    private LoginDialog dialog;

    @BeforeEach
    void newClinic() throws Exception {
        clinic = Clinic.fresh("first-run");
    }

    @AfterEach
    void close() {
        if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
            dialog.close();
        }
        clinic.logout();
    }

    @Test
    void theOneTimePasswordIsShownOnceAndItsUserMustSetANewPassword() {
        dialog = open();
        Label otp = Ui.in(dialog.getShell(), "login.setupPassword", Label.class);
        Ui.waitUntil("the one-time password", () -> !otp.getText().isEmpty());
        String oneTimePassword = otp.getText();
        assertTrue(Ui.showing(otp));
        assertTrue(oneTimePassword.length() >= 12, oneTimePassword);
        assertEquals(SetupAccount.USERNAME, Ui.in(dialog.getShell(), "login.user", Text.class).getText());

        Ui.in(dialog.getShell(), "login.password", Text.class).setText(oneTimePassword);
        Ui.click(Ui.in(dialog.getShell(), "login.submit", Button.class));
        Text fresh = Ui.in(dialog.getShell(), "password.new", Text.class);
        Ui.waitUntil("the password change", () -> Ui.showing(fresh));
        assertFalse(Ui.showing(Ui.in(dialog.getShell(), "password.current", Text.class)), "the one-time password was just typed");
        assertFalse(Ui.showing(otp), "the one-time password is gone once used");

        // a weak password is refused by the service, in plain words, and the dialog stays
        fresh.setText("short");
        Ui.in(dialog.getShell(), "password.repeat", Text.class).setText("short");
        Ui.click(Ui.in(dialog.getShell(), "password.set", Button.class));
        Label message = Ui.in(dialog.getShell(), "login.message", Label.class);
        Ui.waitUntil("the refusal", () -> message.getText().startsWith("The new password was not accepted"));

        fresh.setText("a long new admin passphrase");
        Ui.in(dialog.getShell(), "password.repeat", Text.class).setText("a long new admin passphrase");
        Ui.click(Ui.in(dialog.getShell(), "password.set", Button.class));
        Ui.waitUntil("the dialog to close", () -> dialog.getShell() == null || dialog.getShell().isDisposed());

        Session s = dialog.session().orElseThrow();
        assertEquals(SetupAccount.USERNAME, s.username());
        assertFalse(s.passwordChangeRequired());
        assertTrue(s.roleIds().contains("admin"));

        // shown once: the next login of this clinic has no one-time password to show
        clinic.logout();
        dialog = open();
        LoginDialog second = dialog;
        Text user = Ui.in(second.getShell(), "login.user", Text.class);
        Ui.waitUntil("the second login to be ready", user::isEnabled);
        assertFalse(Ui.showing(Ui.in(second.getShell(), "login.setupPassword", Label.class)));
        assertEquals("", Ui.in(second.getShell(), "login.setupPassword", Label.class).getText());
        Session again = clinic.auth.login(SetupAccount.USERNAME, "a long new admin passphrase".toCharArray());
        assertEquals(SetupAccount.USERNAME, again.username());
    }

    private LoginDialog open() {
        LoginDialog d = new LoginDialog(null, clinic.auth, LoginDialog.Mode.SIGN_IN, null, null);
        d.setBlockOnOpen(false);
        d.open();
        return d;
    }
}
