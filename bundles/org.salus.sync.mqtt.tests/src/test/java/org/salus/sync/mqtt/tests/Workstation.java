package org.salus.sync.mqtt.tests;

import static org.salus.sync.mqtt.tests.Framework.escape;
import static org.salus.sync.mqtt.tests.Framework.props;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.salus.core.command.Actor;
import org.salus.core.command.ClinicCommands;
import org.salus.core.op.ChainHead;
import org.salus.core.op.ChainReport;
import org.salus.core.op.OpEnvelope;
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
    ClinicCommands commands;

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
                "Store.target", storeFilter, "AccessControl.target", "(workstation=" + name + ")"));
        store = Framework.tracker(ClinicStore.class, storeFilter);
        sync = Framework.tracker(SyncStatus.class, "(deviceId=" + deviceId + ")");
    }

    private Configuration factory(String pid) throws Exception {
        return ca.getFactoryConfiguration(pid, name, "?");
    }

    /** Configures the sync engine; it starts at once when its bundle is active. */
    void startSync() throws Exception {
        startSync(new Hashtable<>());
    }

    /** Configures the sync engine with these settings besides the usual ones (hubUrls, trustStore, ...); a running engine restarts. */
    void startSync(Hashtable<String, Object> extra) throws Exception {
        Hashtable<String, Object> p = props("hubUrl", hubUrl, "clinicId", clinicId, "deviceId", deviceId, ".secret", new String(secret),
                "store.target", "(salus.store.location=*" + escape(dir.toString()) + "*)", "pollMillis", 50L, "answerWaitMillis", 3_000L,
                "retryMinMillis", 100L, "retryMaxMillis", 500L, "resyncMillis", 1_000L);
        p.putAll(extra);
        factory("org.salus.sync.mqtt").update(p);
    }

    /** Removes the sync engine's configuration: the engine stops, the workstation goes on working offline. */
    void stopSync() throws Exception {
        factory("org.salus.sync.mqtt").delete();
        Framework.await(name + "'s sync engine stops", () -> sync.getService() == null);
    }

    /** Logs in the first-run administrator, creates a pharmacist and logs her in. */
    void logIn() throws Exception {
        String filter = "(workstation=" + name + ")";
        Authentication auth = Framework.service(Authentication.class, filter);
        UserAdministration admin = Framework.service(UserAdministration.class, filter);
        commands = Framework.service(ClinicCommands.class, "(deviceId=" + deviceId + ")");
        store();
        SetupAccount setup = auth.firstRun().orElseThrow();
        char[] otp = setup.oneTimePassword().clone();
        Session a = auth.login(setup.username(), setup.oneTimePassword());
        a = auth.changePassword(a.actor(), otp, ("admin passphrase " + name).toCharArray());
        String user = "pharmacist-" + name;
        admin.createUser(a.actor(), user, "Pharmacist at " + name, Set.of("pharmacist"), "initial secret 4711".toCharArray());
        auth.lock(a.actor());
        Session p = auth.login(user, "initial secret 4711".toCharArray());
        pharmacist = auth.changePassword(p.actor(), "initial secret 4711".toCharArray(), ("own secret of " + name).toCharArray()).actor();
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

    /** The stock projection: each batch's quantity on hand. */
    Map<String, Integer> stock() throws InterruptedException {
        return store().read(tx -> {
            Map<String, Integer> m = new LinkedHashMap<>();
            try (PreparedStatement ps = tx.connection().prepareStatement("SELECT id, quantity_on_hand FROM stock_batch ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getInt(2));
                }
            }
            return m;
        });
    }

    @Override
    public String toString() {
        return name + " (device " + deviceId + ")";
    }
}
