package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.MApplicationFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;
import org.salus.core.platform.ClinicClock;
import org.salus.security.Authentication;
import org.salus.security.Session;
import org.salus.security.SessionState;
import org.salus.ui.login.LoginDialog;
import org.salus.ui.login.SessionGuard;

/**
 * The idle lock with a clock the test moves: the security service runs on an injected clinic clock (its clock
 * reference targeted at the test's), the idle time is 5 minutes, and the lock screen comes up at the guard's first look
 * after the clock passes it, not before.
 */
class IdleLockTest {

    static final String CLOCK = "(salus.test.clock=idle-lock)";

    /** A clinic clock that stands still until the test moves it. */
    static final class MovableClock implements ClinicClock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T08:00:00Z"));

        @Override
        public Instant now() {
            return now.get();
        }

        @Override
        public ZoneId zone() {
            return ZoneId.of("UTC");
        }

        void forward(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    private static final MovableClock clock = new MovableClock();
    private static ServiceRegistration<ClinicClock> registration;
    private static Clinic clinic;

    @BeforeAll
    static void securityOnTheTestsClock() throws Exception {
        Clinic.fresh("idle-lock-setup");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("salus.test.clock", "idle-lock");
        registration = Services.context().registerService(ClinicClock.class, clock, props);
        Clinic.securitySettings("$000.target", CLOCK, "idleLockMinutes", 5L);
        Services.await(Authentication.class, "(idleLockMinutes=5)");
        clinic = Clinic.fresh("idle-lock");
        clinic.staff("pharmacist", "pharmacist");
    }

    @AfterAll
    static void systemClockAgain() throws Exception {
        clinic.logout();
        Clinic.securitySettings();
        Services.await(Authentication.class, "(!(idleLockMinutes=5))");
        registration.unregister();
    }

    @Test
    void theLockScreenComesUpAfterTheIdleTimeOnTheInjectedClock() {
        Session pharmacist = clinic.login("pharmacist");
        assertEquals(clock.now().plus(Duration.ofMinutes(5)), pharmacist.locksAt(), "the security service runs on the test's clock");
        MApplication application = MApplicationFactory.INSTANCE.createApplication();
        IEclipseContext context = EclipseContextFactory.getServiceContext(Services.context()).createChild("idle-lock-test");
        application.setContext(context);
        context.set(MApplication.class, application);
        context.set(Session.class, pharmacist);
        SessionGuard guard = ContextInjectionFactory.make(SessionGuard.class, context);
        try {
            clock.forward(Duration.ofMinutes(4).plusSeconds(59));
            guard.check();
            Ui.waitUntil("the guard's look", () -> clinic.auth.session(pharmacist.actor()) != null);
            Ui.drain();
            assertNull(guard.lockScreen(), "not idle long enough");
            assertEquals(SessionState.ACTIVE, clinic.auth.session(pharmacist.actor()).state());

            clock.forward(Duration.ofSeconds(2));
            guard.check();
            Ui.waitUntil("the lock screen", () -> guard.lockScreen() != null);
            assertEquals(LoginDialog.Mode.LOCKED, guard.lockScreen().mode());
            assertEquals(SessionState.LOCKED, clinic.auth.session(pharmacist.actor()).state());
        } finally {
            LoginDialog open = guard.lockScreen();
            if (open != null && open.getShell() != null && !open.getShell().isDisposed()) {
                open.getShell().dispose();
            }
            context.dispose();
        }
    }
}
