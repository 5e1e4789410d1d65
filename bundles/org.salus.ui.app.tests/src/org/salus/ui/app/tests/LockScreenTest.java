package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.MApplicationFactory;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.salus.core.access.SessionRefusedException;
import org.salus.security.Session;
import org.salus.security.SessionState;
import org.salus.ui.login.LoginDialog;
import org.salus.ui.login.SessionGuard;
import org.salus.ui.login.SessionStatus;

/**
 * The lock screen: locking hides the workstation until the same user's password unlocks it, switching user goes
 * through it, and a session the security service locked (after the idle time) brings it up at the guard's next look.
 */
class LockScreenTest {

    private static Clinic clinic;
    private IEclipseContext context;
    private SessionGuard guard;
    private Session pharmacist;

    @BeforeAll
    static void staff() throws Exception {
        clinic = Clinic.fresh("lock-screen");
        clinic.staff("pharmacist", "pharmacist", "desk", "front-desk");
    }

    @BeforeEach
    void workstation() {
        pharmacist = clinic.login("pharmacist");
        MApplication application = MApplicationFactory.INSTANCE.createApplication();
        context = EclipseContextFactory.getServiceContext(Services.context()).createChild("lock-screen-test");
        application.setContext(context);
        context.set(MApplication.class, application);
        context.set(Session.class, pharmacist);
        guard = ContextInjectionFactory.make(SessionGuard.class, context);
    }

    @AfterEach
    void close() {
        LoginDialog open = guard.lockScreen();
        if (open != null && open.getShell() != null && !open.getShell().isDisposed()) {
            open.getShell().dispose();
        }
        context.dispose();
        clinic.logout();
    }

    @Test
    void lockingHidesTheWorkUntilTheSameUsersPasswordUnlocksIt() {
        guard.lockNow();
        Ui.waitUntil("the lock screen", () -> guard.lockScreen() != null);
        LoginDialog lock = guard.lockScreen();
        assertEquals(LoginDialog.Mode.LOCKED, lock.mode());
        assertEquals("Pharmacist Tester (pharmacist)", Ui.in(lock.getShell(), "lock.user", Label.class).getText());
        assertEquals(SessionState.LOCKED, clinic.auth.current().orElseThrow().state());
        SessionRefusedException refused = assertThrows(SessionRefusedException.class,
                () -> clinic.commands.registerMedicine(pharmacist.actor(), "04006381333931", "ibuprofen", "tablet", "400", "mg", 10, false));
        assertEquals(SessionRefusedException.Problem.LOCKED, refused.problem(), "the core refuses a locked session's commands");

        lock.getShell().close();
        Ui.drain();
        assertTrue(!lock.getShell().isDisposed(), "the window manager's close button does not dismiss a lock screen");

        Ui.in(lock.getShell(), "lock.password", Text.class).setText("not it");
        Ui.click(Ui.in(lock.getShell(), "lock.unlock", Button.class));
        Label message = Ui.in(lock.getShell(), "login.message", Label.class);
        Ui.waitUntil("the refusal", () -> message.getText().startsWith("Wrong"));

        Ui.in(lock.getShell(), "lock.password", Text.class).setText(Clinic.PASSWORD);
        Ui.click(Ui.in(lock.getShell(), "lock.unlock", Button.class));
        Ui.waitUntil("the unlock", () -> guard.lockScreen() == null);
        Session now = context.get(Session.class);
        assertEquals("pharmacist", now.username());
        assertEquals(SessionState.ACTIVE, now.state());
        assertEquals(SessionState.ACTIVE, clinic.auth.session(pharmacist.actor()).state());
    }

    @Test
    void switchingUserGoesThroughTheLockScreenAndEndsTheLockedSession() {
        guard.switchUser();
        Ui.waitUntil("the lock screen", () -> guard.lockScreen() != null);
        LoginDialog lock = guard.lockScreen();
        Text user = Ui.in(lock.getShell(), "login.user", Text.class);
        assertTrue(Ui.showing(user), "switching opens on the login of another person");
        user.setText("desk");
        Ui.in(lock.getShell(), "login.password", Text.class).setText(Clinic.PASSWORD);
        Ui.click(Ui.in(lock.getShell(), "login.submit", Button.class));
        Ui.waitUntil("the other user's login", () -> guard.lockScreen() == null);

        Session now = context.get(Session.class);
        assertEquals("desk", now.username());
        assertTrue(SessionStatus.text(now).startsWith("Logged in as Desk Tester (desk)  |  role: front-desk"), SessionStatus.text(now));
        assertEquals(now.offline(), SessionStatus.text(now).endsWith("  |  logged in offline, without the hub"), SessionStatus.text(now));
        assertThrows(SessionRefusedException.class, () -> clinic.auth.session(pharmacist.actor()), "the pharmacist's session ended");
    }

    @Test
    void aSessionTheServiceLockedBringsUpTheLockScreenAtTheNextLook() {
        // what the idle time does: the security service locks the session on its own
        clinic.auth.lock(pharmacist.actor());
        guard.check();
        Ui.waitUntil("the lock screen", () -> guard.lockScreen() != null);
        assertEquals(LoginDialog.Mode.LOCKED, guard.lockScreen().mode());
    }
}
