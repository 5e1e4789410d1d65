package org.salus.ui.login.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;
import org.salus.security.SetupAccount;
import org.salus.ui.login.LoginDialog;

/**
 * The {@code salus.demo=true} start option: a new clinic is filled with the demo clinic instead of showing the setup
 * password, and every login shows the demo users. Never for a real clinic: the demo password is public.
 */
public final class DemoSeeder implements LoginDialog.FirstRunHook {

    /** The framework or system property that turns the demo on. */
    public static final String PROPERTY = "salus.demo";
    /** Every demo user's password. */
    public static final String PASSWORD = "salus-demo-pass";

    /** A demo user: login name, name to show, roles. */
    public record DemoUser(String username, String displayName, List<String> roles) {
    }

    /** The demo staff; the administrator comes last because creating it retires the setup account. */
    public static final List<DemoUser> USERS = List.of(
            new DemoUser("pharmacist", "Amina Mensah", List.of("pharmacist")),
            new DemoUser("clinician", "Kofi Boateng", List.of("clinician")),
            new DemoUser("frontdesk", "Esi Owusu", List.of("front-desk")),
            new DemoUser("auditor", "Yaw Darko", List.of("auditor")),
            new DemoUser("admin", "Clinic Administrator", List.of("admin")));

    private final BundleContext context;

    private DemoSeeder(BundleContext context) {
        this.context = context;
    }

    /** The hook when the demo is asked for, else null. */
    public static LoginDialog.FirstRunHook hookFor(BundleContext context) {
        return context != null && Boolean.parseBoolean(context.getProperty(PROPERTY)) ? new DemoSeeder(context) : null;
    }

    @Override
    public boolean wanted() {
        return true;
    }

    @Override
    public String seed(SetupAccount setup, Consumer<String> progress) {
        try {
            return new DemoLoad(this::service, progress).run(setup);
        } catch (NoClassDefFoundError e) {
            return "The demo data bundle (org.salus.demo) is not installed, so no demo clinic was loaded. " + "Log in as setup.";
        }
    }

    @Override
    public String hint() {
        return usersHint();
    }

    /** Who can log in to the demo clinic, and with which password. */
    public static String usersHint() {
        StringBuilder sb = new StringBuilder("Demo clinic: log in as ");
        for (int i = 0; i < USERS.size(); i++) {
            sb.append(i == 0 ? "" : i == USERS.size() - 1 ? " or " : ", ").append(USERS.get(i).username());
        }
        return sb.append(" with the password ").append(PASSWORD).append('.').toString();
    }

    private <T> T service(Class<T> type) {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            T s = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
            if (s == null) {
                throw new IllegalStateException("the " + type.getSimpleName() + " service is not running");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + type.getSimpleName(), e);
        }
    }
}
