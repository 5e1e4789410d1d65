package org.salus.ui.app.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.Dictionary;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.salus.core.audit.AuditLog;
import org.salus.core.command.ClinicCommands;
import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.core.platform.ClinicClock;
import org.salus.core.query.ClinicQueries;
import org.salus.core.store.ClinicStore;
import org.salus.plugins.PluginManager;
import org.salus.security.Authentication;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.security.UserAdministration;

/**
 * A clinic on disk for one test class: the real encrypted H2 store (its key in a secure storage file of the test's
 * own), the real security and core services. Each {@link #fresh} points the store at a new folder, so every test class
 * starts with a clinic that has never run.
 */
final class Clinic {

    static final String PASSWORD = "correct horse battery";
    static final String INITIAL = "first-day-password";

    private static Path root;

    final Authentication auth;
    final UserAdministration users;
    final ClinicCommands commands;
    final ClinicQueries queries;
    final AuditLog audit;
    final ClinicClock clock;
    final Path folder;
    private Session admin;

    private Clinic(Path folder) {
        this.folder = folder;
        auth = Services.await(Authentication.class);
        users = Services.await(UserAdministration.class);
        // holding the commands activates the core, which hands the security service its ledger
        commands = Services.await(ClinicCommands.class);
        queries = Services.await(ClinicQueries.class);
        audit = Services.await(AuditLog.class);
        clock = Services.await(ClinicClock.class);
    }

    /** A clinic that has never run, in a folder of its own; whoever was logged in before is logged out. */
    static synchronized Clinic fresh(String name) throws Exception {
        ConfigurationAdmin cm = Services.await(ConfigurationAdmin.class);
        if (root == null) {
            root = Files.createTempDirectory("salus-ui-tests");
            Path masterPassword = root.resolve("master-password");
            Files.writeString(masterPassword, "test master password", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(masterPassword, PosixFilePermissions.fromString("rw-------"));
            configure(cm, "org.salus.security.equinox", "location", root.resolve("secure_storage").toString(), "masterPasswordFile",
                    masterPassword.toString());
            securitySettings();
        }
        Authentication auth = Services.await(Authentication.class);
        auth.current().ifPresent(s -> auth.logout(s.actor()));
        Path folder = root.resolve(name);
        Files.createDirectories(folder);
        Path store = folder.resolve("clinic");
        configure(cm, "org.salus.store.h2", "path", store.toString());
        awaitStore(store);
        return new Clinic(folder);
    }

    /**
     * The security service's settings for the tests, with extra key-value pairs (an idle lock, a clock target); the
     * service is reconfigured, and with a new clock target started again.
     */
    static void securitySettings(Object... extra) throws IOException {
        // failed logins: no waiting between attempts, the third locks the account
        Object[] base = {"retryDelayMillis", 0L, "maxRetryDelayMillis", 0L, "maxFailedLogins", 3};
        Object[] all = new Object[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        configure(Services.await(ConfigurationAdmin.class), "org.salus.security", all);
    }

    /**
     * The workstation's plugin manager, set to trust one publisher's certificate and to keep its plugins in this
     * clinic's folder (as an administrator configures pid {@code org.salus.plugins}); waits until it runs so.
     */
    PluginManager pluginManager(Path trustAnchor) throws IOException {
        return pluginManager(trustAnchor, null);
    }

    /** The same, with the hub's plugin repository the Plugins part offers (null: none). */
    PluginManager pluginManager(Path trustAnchor, java.net.URI hubRepository) throws IOException {
        Path dir = folder.resolve("plugins");
        configure(Services.await(ConfigurationAdmin.class), "org.salus.plugins", "trustAnchors", new String[] {trustAnchor.toString()}, "directory",
                dir.toString(), "hubRepository", hubRepository == null ? "" : hubRepository.toString());
        return Services.await(PluginManager.class, "(directory=" + dir + ")");
    }

    private static void configure(ConfigurationAdmin cm, String pid, Object... keyValues) throws IOException {
        Configuration c = cm.getConfiguration(pid, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        c.update(props);
    }

    private static void awaitStore(Path store) throws InterruptedException {
        String expected = store + ".mv.db";
        ServiceTracker<ClinicStore, ClinicStore> tracker = new ServiceTracker<>(Services.context(), ClinicStore.class, null);
        tracker.open();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (System.nanoTime() < deadline) {
                ServiceReference<ClinicStore>[] refs = tracker.getServiceReferences();
                if (refs != null) {
                    for (ServiceReference<ClinicStore> ref : refs) {
                        if (String.valueOf(ref.getProperty("salus.store.location")).endsWith(expected)) {
                            return;
                        }
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("the clinic store at " + expected + " did not open within 60 s");
        } finally {
            tracker.close();
        }
    }

    /** Runs the first run through the service, sets the setup account's password, and keeps its session. */
    Session setupAdministrator() {
        SetupAccount setup = auth.firstRun().orElseThrow(() -> new AssertionError("the clinic has run before"));
        Session s = auth.login(setup.username(), setup.oneTimePassword().clone());
        admin = auth.changePassword(s.actor(), setup.oneTimePassword().clone(), (PASSWORD + " admin").toCharArray());
        setup.wipe();
        return admin;
    }

    /** Creates users with the setup account and gives each {@link #PASSWORD}, so they log in without a password change. */
    void staff(String... usernameRolePairs) {
        if (admin == null) {
            setupAdministrator();
        }
        for (int i = 0; i < usernameRolePairs.length; i += 2) {
            users.createUser(admin.actor(), usernameRolePairs[i], displayName(usernameRolePairs[i]), Set.of(usernameRolePairs[i + 1]),
                    INITIAL.toCharArray());
        }
        auth.logout(admin.actor());
        admin = null;
        for (int i = 0; i < usernameRolePairs.length; i += 2) {
            Session s = auth.login(usernameRolePairs[i], INITIAL.toCharArray());
            auth.changePassword(s.actor(), INITIAL.toCharArray(), PASSWORD.toCharArray());
            auth.logout(s.actor());
        }
    }

    /** Logs a user in through the service (for preparing data). */
    Session login(String username) {
        auth.current().ifPresent(s -> auth.logout(s.actor()));
        return auth.login(username, PASSWORD.toCharArray());
    }

    /** Every operation of the clinic store's op log, read straight from the store (no permission asked). */
    List<OpEnvelope> operations() {
        return Services.await(ClinicStore.class).read(tx -> {
            List<OpEnvelope> all = new ArrayList<>();
            for (ChainHead head : tx.opLog().chainHeads()) {
                tx.opLog().scanDevice(head.deviceId(), 1, all::add);
            }
            return all;
        });
    }

    /** Ends whatever session is open. */
    void logout() {
        auth.current().ifPresent(s -> auth.logout(s.actor()));
    }

    LocalDate today() {
        return clock.today();
    }

    static String displayName(String username) {
        return Character.toUpperCase(username.charAt(0)) + username.substring(1) + " Tester";
    }
}
