package org.salus.plugins.sdk.tests;

import static org.salus.plugins.sdk.tests.Framework.escape;
import static org.salus.plugins.sdk.tests.Framework.props;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.salus.core.command.Actor;
import org.salus.core.command.ClinicCommands;
import org.salus.core.op.ChainHead;
import org.salus.core.op.ChainReport;
import org.salus.core.op.OpEnvelope;
import org.salus.core.plugin.PluginRecords;
import org.salus.core.store.ClinicStore;
import org.salus.security.Authentication;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.security.UserAdministration;
import org.salus.sync.mqtt.SyncStatus;

/**
 * One clinic workstation inside the shared framework: its own encrypted H2 store (a factory configuration of
 * {@code org.salus.store.h2}), security, core services and sync engine, each tied to the others by target filters.
 */
final class Workstation {

    final String name;
    final String clinicId;
    final String deviceId;
    final Path dir;
    private final char[] secret;
    private final String hubUrl;
    private final ConfigurationAdmin ca;
    private final ServiceTracker<ClinicStore, ClinicStore> store;
    private final ServiceTracker<SyncStatus, SyncStatus> sync;
    Actor pharmacist;
    Actor clinician;
    String pharmacistName;
    String clinicianName;
    ClinicCommands commands;
    PluginRecords records;
    private Authentication auth;
    private UserAdministration admin;
    private String adminName;
    private Actor current;

    /** Writes the workstation's configurations but the sync engine's; its components start once the bundles do. */
    Workstation(ConfigurationAdmin ca, String name, String clinicId, String deviceId, char[] secret, String hubUrl, Path dir)
            throws Exception {
        this.ca = ca;
        this.name = name;
        this.clinicId = clinicId;
        this.deviceId = deviceId;
        this.secret = secret.clone();
        this.hubUrl = hubUrl;
        this.dir = dir;
        String path = dir.resolve("clinic").toString();
        String storeFilter = "(salus.store.location=*" + escape(dir.toString()) + "*)";
        factory("org.salus.store.h2").update(props("path", path, "durability", "WRITE", "keys.target", "(path=" + escape(path) + ")"));
        // cheap password hashing: the tests log in a few times, the hashing itself is tested elsewhere
        factory("org.salus.security").update(props("workstation", name, "argon2MemoryKib", 8192, "argon2Iterations", 1));
        factory("org.salus.core.device").update(props("clinicId", clinicId, "deviceId", deviceId, "storeWaitMillis", 10_000L,
                "Store.target", storeFilter, "AccessControl.target", "(workstation=" + name + ")",
                "ledger.target", "(deviceId=" + deviceId + ")"));
        // the plugin's register, once installed, uses this workstation's core
        factory("org.example.salus.vaccination").update(props("deviceId", deviceId, "records.target", "(deviceId=" + deviceId + ")"));
        store = Framework.tracker(ClinicStore.class, storeFilter);
        sync = Framework.tracker(SyncStatus.class, "(deviceId=" + deviceId + ")");
    }

    private Configuration factory(String pid) throws Exception {
        return ca.getFactoryConfiguration(pid, name, "?");
    }

    /** Configures the sync engine; it starts at once when its bundle is active. */
    void startSync() throws Exception {
        Hashtable<String, Object> p = props("hubUrl", hubUrl, "clinicId", clinicId, "deviceId", deviceId, ".secret", new String(secret),
                "store.target", "(salus.store.location=*" + escape(dir.toString()) + "*)", "pollMillis", 50L, "answerWaitMillis", 3_000L,
                "retryMinMillis", 100L, "retryMaxMillis", 500L, "resyncMillis", 1_000L);
        factory("org.salus.sync.mqtt").update(p);
    }

    /** Removes the sync engine's configuration: the engine stops, the workstation goes on working offline. */
    void stopSync() throws Exception {
        factory("org.salus.sync.mqtt").delete();
        Framework.await(name + "'s sync engine stops", () -> sync.getService() == null);
    }

    /** Logs in the first-run administrator, who creates a pharmacist and a clinician; leaves the clinician logged in. */
    void logIn() throws Exception {
        String filter = "(workstation=" + name + ")";
        auth = Framework.service(Authentication.class, filter);
        admin = Framework.service(UserAdministration.class, filter);
        commands = Framework.service(ClinicCommands.class, "(deviceId=" + deviceId + ")");
        records = Framework.service(PluginRecords.class, "(deviceId=" + deviceId + ")");
        store();
        SetupAccount setup = auth.firstRun().orElseThrow();
        char[] otp = setup.oneTimePassword().clone();
        adminName = setup.username();
        Session a = auth.login(adminName, setup.oneTimePassword());
        a = auth.changePassword(a.actor(), otp, ownSecret(adminName));
        pharmacistName = "pharmacist-" + name;
        clinicianName = "clinician-" + name;
        admin.createUser(a.actor(), pharmacistName, "Pharmacist at " + name, Set.of("pharmacist"), "initial secret 4711".toCharArray());
        admin.createUser(a.actor(), clinicianName, "Clinician at " + name, Set.of("clinician"), "initial secret 4711".toCharArray());
        auth.lock(a.actor());
        pharmacist = firstLogin(pharmacistName);
        auth.lock(pharmacist);
        clinician = firstLogin(clinicianName);
        current = clinician;
    }

    private Actor firstLogin(String user) {
        Session p = auth.login(user, "initial secret 4711".toCharArray());
        return auth.changePassword(p.actor(), "initial secret 4711".toCharArray(), ownSecret(user)).actor();
    }

    /** Locks the session and logs in another user (the lock screen's way), returning the new session's actor. */
    Actor switchTo(String user) {
        auth.lock(current);
        current = auth.login(user, ownSecret(user)).actor();
        if (user.equals(pharmacistName)) {
            pharmacist = current;
        } else if (user.equals(clinicianName)) {
            clinician = current;
        }
        return current;
    }

    /** The administrator logs in through the lock screen, does its work, and the clinician logs in again. */
    void asAdministrator(AdminWork work) {
        Actor a = switchTo(adminName);
        work.run(a, admin);
        switchTo(clinicianName);
    }

    /** A user's own password: never containing the login name, which the security service refuses. */
    private char[] ownSecret(String user) {
        String role = user.equals(pharmacistName) ? "dispensary" : user.equals(clinicianName) ? "wards" : "administration";
        return ("own secret, " + role + " of " + name).toCharArray();
    }

    /** What an administrator does. */
    @FunctionalInterface
    interface AdminWork {
        void run(Actor admin, UserAdministration users);
    }

    ClinicStore store() throws InterruptedException {
        ClinicStore s = store.waitForService(Framework.WAIT_MS);
        if (s == null) {
            throw new AssertionError(name + "'s clinic store is not available");
        }
        return s;
    }

    SyncStatus sync() throws InterruptedException {
        SyncStatus s = sync.waitForService(Framework.WAIT_MS);
        if (s == null) {
            throw new AssertionError(name + "'s sync engine is not running");
        }
        return s;
    }

    /** Every operation in the op log, device by device in deviceSeq order. */
    List<OpEnvelope> ops() throws InterruptedException {
        return store().read(tx -> {
            List<OpEnvelope> all = new ArrayList<>();
            for (ChainHead h : tx.opLog().chainHeads()) {
                tx.opLog().scanDevice(h.deviceId(), 1, all::add);
            }
            return all;
        });
    }

    long opCount() throws InterruptedException {
        return store().read(tx -> tx.opLog().count());
    }

    ChainReport verifyChains() throws InterruptedException {
        return store().read(tx -> tx.opLog().verifyChains(Long.MAX_VALUE));
    }

    /** The entity_record rows of a type, deleted or not: what the store keeps whatever plugin is installed. */
    long entityRecords(String entityType) throws InterruptedException {
        return store().read(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement("SELECT COUNT(*) FROM entity_record WHERE entity_type = ?")) {
                ps.setString(1, entityType);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public String toString() {
        return name + " (device " + deviceId + ")";
    }
}
