package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.salus.security.LoginRefusedException;
import org.salus.security.Session;
import org.salus.ui.login.LoginDialog;

/** What the login dialog tells a person whose login is refused, and that it says when the workstation is offline. */
class LoginTest {

    private static Clinic clinic;
    private LoginDialog dialog;

    @BeforeAll
    static void staff() throws Exception {
        clinic = Clinic.fresh("login");
        clinic.staff("pharmacist", "pharmacist", "nurse", "clinician");
    }

    @AfterEach
    void close() {
        if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
            dialog.close();
        }
        clinic.logout();
    }

    @Test
    void aWrongPasswordIsSaidPlainlyAndTheRightOneLogsIn() {
        dialog = openReady();
        logIn("pharmacist", "not the password");
        Label message = Ui.in(dialog.getShell(), "login.message", Label.class);
        Ui.waitUntil("the refusal", () -> message.getText().startsWith("Wrong login name or password"));
        assertTrue(Ui.showing(message));
        assertFalse(dialog.getShell().isDisposed(), "the dialog stays for another try");
        assertEquals("", Ui.in(dialog.getShell(), "login.password", Text.class).getText(), "the wrong password is not kept");

        logIn("pharmacist", Clinic.PASSWORD);
        Ui.waitUntil("the login", () -> dialog.getShell() == null || dialog.getShell().isDisposed());
        Session s = dialog.session().orElseThrow();
        assertEquals("pharmacist", s.username());
        assertTrue(s.grants("stock.receive"));
    }

    @Test
    void theThirdFailureLocksTheAccountAndTheDialogSaysAnAdministratorMustUnlockIt() {
        dialog = openReady();
        Label message = Ui.in(dialog.getShell(), "login.message", Label.class);
        for (int i = 1; i <= 3; i++) {
            logIn("nurse", "wrong guess " + i);
            int attempt = i;
            Ui.waitUntil("refusal " + attempt, () -> Ui.in(dialog.getShell(), "login.submit", Button.class).isEnabled()
                    && !message.getText().isEmpty() && !message.getText().startsWith("Checking"));
        }
        assertTrue(message.getText().contains("locked after too many failed logins"), message.getText());
        assertTrue(message.getText().contains("administrator"), message.getText());

        // even the right password is refused now
        logIn("nurse", Clinic.PASSWORD);
        Ui.waitUntil("the refusal of the right password", () -> Ui.in(dialog.getShell(), "login.submit", Button.class).isEnabled()
                && message.getText().contains("locked"));
        LoginRefusedException e = assertThrows(LoginRefusedException.class, () -> clinic.auth.login("nurse", Clinic.PASSWORD.toCharArray()));
        assertEquals(LoginRefusedException.Reason.LOCKED_OUT, e.reason());
    }

    @Test
    void withoutAReachableHubTheDialogSaysTheWorkstationIsOffline() {
        assertTrue(clinic.auth.offline(), "no sync runs in the tests, so the hub counts as unreachable");
        dialog = openReady();
        Label offline = Ui.in(dialog.getShell(), "login.offline", Label.class);
        assertTrue(Ui.showing(offline));
        assertTrue(offline.getText().startsWith("Offline"), offline.getText());
        assertTrue(offline.getText().contains("logged in on this workstation before"), offline.getText());
    }

    private LoginDialog openReady() {
        LoginDialog d = new LoginDialog(null, clinic.auth, LoginDialog.Mode.SIGN_IN, null, null);
        d.setBlockOnOpen(false);
        d.open();
        Text user = Ui.in(d.getShell(), "login.user", Text.class);
        Ui.waitUntil("the login to be ready", user::isEnabled);
        return d;
    }

    private void logIn(String user, String password) {
        Ui.in(dialog.getShell(), "login.user", Text.class).setText(user);
        Ui.in(dialog.getShell(), "login.password", Text.class).setText(password);
        Ui.click(Ui.in(dialog.getShell(), "login.submit", Button.class));
    }
}
