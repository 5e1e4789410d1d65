package org.salus.store.h2.internal;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Properties;

import org.salus.core.command.Actor;
import org.salus.core.command.CommandResult;
import org.salus.core.internal.audit.AuditService;
import org.salus.core.internal.command.ClinicCommandService;
import org.salus.core.internal.command.DeviceSettings;
import org.salus.core.internal.conflict.ConflictService;
import org.salus.core.internal.projection.Projector;
import org.salus.core.internal.query.QueryService;
import org.salus.model.clinical.Sex;
import org.salus.store.h2.internal.crypt.EncryptedFilePath;

/**
 * A clinic on a real encrypted H2 file, wired by hand the way a plain JVM (no OSGi) wires it: key provider, store,
 * commands (with an access control that trusts the session handle as the user id), and the queries and audit checked
 * by that same access control through the command service.
 */
final class Clinic implements AutoCloseable {

    static final Actor PHARMACIST = new Actor("pharmacist-1");
    static final Actor CLINICIAN = new Actor("clinician-1");
    static final Actor AUDITOR = new Actor("auditor-1");
    /** Valid GTINs (GS1 check digit correct). */
    static final String GTIN_AMOXICILLIN = "04006381333931";
    static final String GTIN_PARACETAMOL = "00036000291452";

    final Path dir;
    final TestClock clock;
    final H2StoreSettings settings;
    final FileKeyProvider keys;
    H2ClinicStore store;
    final ClinicCommandService commands;
    final TrustingAccessControl access = new TrustingAccessControl();
    final QueryService queries;
    final AuditService audit;
    final ConflictService conflicts;

    Clinic(Path dir) throws StoreOpenException {
        this(dir, H2StoreSettings.of(dir.resolve("clinic")).withDurability(H2StoreSettings.Durability.WRITE), DeviceSettings.of("clinic-1"));
    }

    Clinic(Path dir, H2StoreSettings settings, DeviceSettings device) throws StoreOpenException {
        this.dir = dir;
        this.clock = new TestClock("2026-11-22T08:00:00Z");
        this.settings = settings;
        this.keys = new FileKeyProvider(dir.resolve("clinic.key"));
        this.store = H2ClinicStore.open(settings, keys);
        this.commands = new ClinicCommandService(clock, new DeviceSettings(device.clinicId(), device.deviceId(), 200, device.maxClockSkewMillis()));
        this.queries = new QueryService(clock, commands, 200);
        this.audit = new AuditService(commands, 200);
        this.conflicts = new ConflictService(commands, commands, 200);
        commands.bindAccessControl(access);
        bind(store);
    }

    void bind(H2ClinicStore s) {
        commands.bindStore(s);
        queries.bindStore(s);
        audit.bindStore(s);
        conflicts.bindStore(s);
    }

    void unbind(H2ClinicStore s) {
        commands.unbindStore(s);
        queries.unbindStore(s);
        audit.unbindStore(s);
        conflicts.unbindStore(s);
    }

    /** Closes the store and opens it again from its file. */
    void reopen() throws StoreOpenException {
        unbind(store);
        store.close();
        store = H2ClinicStore.open(settings, keys);
        bind(store);
    }

    String registerAmoxicillin() {
        return commands.registerMedicine(PHARMACIST, GTIN_AMOXICILLIN, "Amoxicillin", "capsule", "500", "mg", 20, true)
                .createdId("Medicine");
    }

    String registerParacetamol() {
        return commands.registerMedicine(PHARMACIST, GTIN_PARACETAMOL, "Paracetamol", "tablet", "500", "mg", 100, false)
                .createdId("Medicine");
    }

    String receive(String medicineId, String lot, String expiry, int quantity) {
        CommandResult r = commands.receiveStock(PHARMACIST, medicineId, lot, LocalDate.parse(expiry), "main-store", quantity);
        return r.findCreated("StockBatch").orElseGet(() -> queries.batchesOf(PHARMACIST, medicineId).stream()
                .filter(b -> b.getLot().equals(lot)).findFirst().orElseThrow().getId());
    }

    String registerPatient(String identifier, String given, String family) {
        return commands.registerPatient(CLINICIAN, identifier, given, family, LocalDate.of(1980, 5, 17), Sex.FEMALE).createdId("Patient");
    }

    /** SHA-256 over every row of the op log, the chain heads, the meta values and all projections. */
    String digestAll() throws SQLException {
        return digest("SELECT * FROM op_log ORDER BY pos", "SELECT * FROM chain_head ORDER BY device_id",
                "SELECT * FROM store_meta ORDER BY meta_key", digestProjectionQueries());
    }

    /** SHA-256 over every row of the projection tables. */
    String digestProjections() throws SQLException {
        return digest((Object[]) digestProjectionQueries());
    }

    private static String[] digestProjectionQueries() {
        return new String[] {"SELECT * FROM medicine ORDER BY id", "SELECT * FROM stock_batch ORDER BY id",
                "SELECT * FROM stock_movement ORDER BY id", "SELECT * FROM patient ORDER BY id",
                "SELECT * FROM entity_record ORDER BY entity_type, id",
                "SELECT * FROM register_write ORDER BY entity_type, entity_id, field, op_id",
                "SELECT * FROM register_conflict ORDER BY id"};
    }

    private String digest(Object... queries) throws SQLException {
        return store.read(tx -> {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                for (Object q : queries) {
                    for (String sql : q instanceof String[] many ? many : new String[] {(String) q}) {
                        try (Statement s = tx.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
                            ResultSetMetaData md2 = rs.getMetaData();
                            md.update(sql.getBytes());
                            while (rs.next()) {
                                for (int i = 1; i <= md2.getColumnCount(); i++) {
                                    md.update(String.valueOf(rs.getObject(i)).getBytes());
                                    md.update((byte) 0);
                                }
                            }
                        }
                    }
                }
                return HexFormat.of().formatHex(md.digest());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    long count(String table) {
        return store.read(tx -> {
            try (Statement s = tx.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    long rebuild() {
        return store.rebuildProjections(new Projector());
    }

    /**
     * A plain JDBC connection to the store's file, as someone with the key and a SQL tool would open it: to the open
     * database itself while the store runs (same URL), to the file when it is closed.
     */
    static Connection rawConnection(H2StoreSettings settings, FileKeyProvider keys) throws SQLException {
        char[] key = keys.databaseKey("clinic");
        // held for the test's JVM: the connection may outlive the store
        EncryptedFilePath.unlock(settings.database(), key);
        Properties p = new Properties();
        p.setProperty("user", "salus");
        p.setProperty("password", "");
        return new org.h2.Driver().connect("jdbc:h2:" + EncryptedFilePath.url(settings.fileSystem(), settings.database()) + ";IFEXISTS=TRUE", p);
    }

    /** A connection to the closed store's file through H2's own {@code CIPHER=AES}, as a stock H2 tool opens it. */
    static Connection stockH2Connection(H2StoreSettings settings, FileKeyProvider keys) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "salus");
        p.setProperty("password", new String(keys.databaseKey("clinic")) + " ");
        return new org.h2.Driver().connect("jdbc:h2:file:" + settings.database() + ";CIPHER=AES;IFEXISTS=TRUE", p);
    }

    @Override
    public void close() {
        if (store != null) {
            unbind(store);
            store.close();
        }
    }
}
