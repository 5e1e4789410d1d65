package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.salus.security.Session;
import org.salus.security.UserInfo;
import org.salus.ui.admin.UserDialog;
import org.salus.ui.admin.UsersPart;
import org.salus.ui.login.LoginDialog;

/** After the first run, the setup administrator creates the clinic's staff on the Users part; they then log in and choose a password. */
class UsersTest {

    private static Clinic clinic;
    private static Session setup;

    @BeforeAll
    static void firstRun() throws Exception {
        clinic = Clinic.fresh("users");
        setup = clinic.setupAdministrator();
    }

    @AfterAll
    static void logout() {
        clinic.logout();
    }

    @Test
    void theSetupAdministratorCreatesAPharmacistWhoThenChoosesTheirOwnPassword() {
        try (Parts parts = new Parts("users").session(setup)) {
            UsersPart part = parts.open(UsersPart.class);
            Ui.waitUntil("the users", () -> part.loadCount() > 0 && !part.users().isEmpty());
            assertEquals("setup", part.users().get(0).username());

            UserDialog create = part.openCreate();
            Ui.in(create.getShell(), "user.username", Text.class).setText("amina");
            Ui.in(create.getShell(), "user.displayName", Text.class).setText("Amina Mensah");
            Ui.click(Ui.in(create.getShell(), "user.role.pharmacist", Button.class));
            Ui.in(create.getShell(), "user.password", Text.class).setText("amina-first-day");
            Ui.in(create.getShell(), "user.repeat", Text.class).setText("amina-first-day");
            Ui.click(Ui.in(create.getShell(), "user.ok", Button.class));
            Ui.waitUntil("the refusal of a password with the login name in it", () -> create.message().startsWith("Not accepted"));

            Ui.in(create.getShell(), "user.password", Text.class).setText("first day at the clinic");
            Ui.in(create.getShell(), "user.repeat", Text.class).setText("first day at the clinic");
            Ui.click(Ui.in(create.getShell(), "user.ok", Button.class));
            Ui.waitUntil("the user to be created", () -> create.getShell() == null || create.getShell().isDisposed());
            assertTrue(create.result().startsWith("Created amina (pharmacist)"), create.result());
            Ui.waitUntil("the new user in the table", () -> part.users().stream().anyMatch(u -> u.username().equals("amina")));
            UserInfo amina = part.users().stream().filter(u -> u.username().equals("amina")).findFirst().orElseThrow();
            assertTrue(amina.mustChangePassword());
            assertEquals("Amina Mensah", amina.displayName());
        }

        // the administrator leaves; Amina logs in with the first password and must choose her own
        clinic.logout();
        LoginDialog dialog = new LoginDialog(null, clinic.auth, LoginDialog.Mode.SIGN_IN, null, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        Text user = Ui.in(dialog.getShell(), "login.user", Text.class);
        Ui.waitUntil("the login", user::isEnabled);
        user.setText("amina");
        Ui.in(dialog.getShell(), "login.password", Text.class).setText("first day at the clinic");
        Ui.click(Ui.in(dialog.getShell(), "login.submit", Button.class));
        Text fresh = Ui.in(dialog.getShell(), "password.new", Text.class);
        Ui.waitUntil("the password change", () -> Ui.showing(fresh));
        fresh.setText("amoxicillin twice daily");
        Ui.in(dialog.getShell(), "password.repeat", Text.class).setText("amoxicillin twice daily");
        Ui.click(Ui.in(dialog.getShell(), "password.set", Button.class));
        Ui.waitUntil("the login to finish", () -> dialog.getShell() == null || dialog.getShell().isDisposed());
        Session s = dialog.session().orElseThrow();
        assertEquals("amina", s.username());
        assertFalse(s.passwordChangeRequired());
        assertTrue(s.grants("stock.dispense"));
    }
}
