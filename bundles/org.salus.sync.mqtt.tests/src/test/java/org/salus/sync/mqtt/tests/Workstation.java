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
import org.salus.core.conflict.ClinicConflicts;
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
    /** The clinic its operations name: {@code unassigned} until it is enrolled. */
    String clinicId;
    final String deviceId;
    final Path dir;
    private final char[] secret;
    private final String hubUrl;
    private final ConfigurationAdmin ca;
    private final ServiceTracker<ClinicStore, ClinicStore> store;
    private final ServiceTracker<SyncStatus, SyncStatus> sync;
    Actor pharmacist;
    Actor clinician;
    ClinicCommands commands;
    ClinicConflicts conflicts;

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
                "Commands.target", "(deviceId=" + deviceId + ")", "Gate.target", "(deviceId=" + deviceId + ")"));
        store = Framework.tracker(ClinicStore.class, storeFilter);
        sync = Framework.tracker(SyncStatus.class, "(deviceId=" + deviceId + ")");
    }

    private Configuration factory(String pid) throws Exception {
        return ca.getFactoryConfiguration(pid, name, "?");
    }

    /**
     * What enrolment writes for the core (see {@code org.salus.device}): the core names the enrolled clinic in the
     * operations it records from now on. Then {@link #startSync()} configures the engine for that clinic.
     */
    void enrolled(String clinic) throws Exception {
        Configuration core = factory("org.salus.core.device");
        java.util.Dictionary<String, Object> p = core.getProperties();
        p.put("clinicId", clinic);
        core.update(p);
        clinicId = clinic;
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
        conflicts = Framework.service(ClinicConflicts.class, "(deviceId=" + deviceId + ")");
        store();
        SetupAccount setup = auth.firstRun().orElseThrow();
        char[] otp = setup.oneTimePassword().clone();
        Session a = auth.login(setup.username(), setup.oneTimePassword());
        a = auth.changePassword(a.actor(), otp, ("admin passphrase " + name).toCharArray());
        String user = "pharmacist-" + name;
        admin.createUser(a.actor(), user, "Pharmacist at " + name, Set.of("pharmacist"), "initial secret 4711".toCharArray());
        String doctor = "clinician-" + name;
        admin.createUser(a.actor(), doctor, "Clinician at " + name, Set.of("clinician"), "initial secret 4712".toCharArray());
        auth.lock(a.actor());
        Session p = auth.login(user, "initial secret 4711".toCharArray());
        pharmacist = auth.changePassword(p.actor(), "initial secret 4711".toCharArray(), ("own secret of " + name).toCharArray()).actor();
    }

    /** Switches user to the clinician, as the lock screen does: the pharmacist's session is locked first. */
    void switchToClinician() throws Exception {
        Authentication auth = Framework.service(Authentication.class, "(workstation=" + name + ")");
        auth.lock(pharmacist);
        Session d = auth.login("clinician-" + name, "initial secret 4712".toCharArray());
        clinician = auth.changePassword(d.actor(), "initial secret 4712".toCharArray(), ("doctor's secret of " + name).toCharArray()).actor();
    }

    /** Switches back to the pharmacist through the lock screen: the clinician's session is locked first. */
    void switchToPharmacist() throws Exception {
        Authentication auth = Framework.service(Authentication.class, "(workstation=" + name + ")");
        auth.lock(clinician);
        pharmacist = auth.login("pharmacist-" + name, ("own secret of " + name).toCharArray()).actor();
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

    /** SHA-256 over every row of the register projections: medicines, patients, their field writes and conflicts. */
    String registerDigest() throws InterruptedException {
        return store().read(tx -> {
            try {
                java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
                for (String sql : List.of("SELECT * FROM medicine ORDER BY id", "SELECT * FROM patient ORDER BY id",
                        "SELECT * FROM register_write ORDER BY entity_type, entity_id, field, op_id", "SELECT * FROM register_conflict ORDER BY id")) {
                    try (PreparedStatement ps = tx.connection().prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                        md.update(sql.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int i = 1; i <= columns; i++) {
                                md.update(String.valueOf(rs.getObject(i)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                                md.update((byte) 0);
                            }
                        }
                    }
                }
                return java.util.HexFormat.of().formatHex(md.digest());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** One column of a patient's projected row, or null when the patient is not here. */
    String patientColumn(String patientId, String column) throws InterruptedException {
        return store().read(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + column + " FROM patient WHERE id = ?")) {
                ps.setString(1, patientId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    @Override
    public String toString() {
        return name + " (device " + deviceId + ")";
    }
}
