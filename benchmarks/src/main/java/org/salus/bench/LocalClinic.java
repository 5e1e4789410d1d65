package org.salus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Properties;
import java.util.stream.Stream;

import org.salus.core.command.Actor;
import org.salus.core.internal.audit.AuditService;
import org.salus.core.internal.command.ClinicCommandService;
import org.salus.core.internal.command.DeviceSettings;
import org.salus.core.internal.projection.Projector;
import org.salus.core.internal.query.QueryService;
import org.salus.core.platform.ClinicClock;
import org.salus.core.store.ClinicStore;
import org.salus.store.h2.internal.FileKeyProvider;
import org.salus.store.h2.internal.H2ClinicStore;
import org.salus.store.h2.internal.H2StoreSettings;
import org.salus.store.h2.internal.StoreOpenException;
import org.salus.store.h2.internal.crypt.EncryptedFilePath;

/**
 * A clinic on an encrypted H2 file in a directory, wired by hand as a plain JVM (no OSGi) wires it: key file, store,
 * commands (with a {@link TrustingAccessControl}), and queries and audit checked by that same access control. The store is {@code <dir>/clinic.mv.db}, its key
 * {@code <dir>/clinic.key}.
 */
public final class LocalClinic implements AutoCloseable {

    public static final Actor PHARMACIST = new Actor("pharmacist-1");
    public static final Actor CLINICIAN = new Actor("clinician-1");
    public static final Actor AUDITOR = new Actor("auditor-1");
    /** The projection tables, each ordered by its key: what a rebuild from the op log must reproduce exactly. */
    private static final String[] PROJECTIONS = {"SELECT * FROM medicine ORDER BY id", "SELECT * FROM stock_batch ORDER BY id",
            "SELECT * FROM stock_movement ORDER BY id", "SELECT * FROM patient ORDER BY id",
            "SELECT * FROM entity_record ORDER BY entity_type, id"};

    public final Path dir;
    public final ClinicClock clock;
    public final H2StoreSettings settings;
    public final FileKeyProvider keys;
    public final H2ClinicStore store;
    public final ClinicCommandService commands;
    public final QueryService queries;
    public final AuditService audit;

    private LocalClinic(Path dir, ClinicClock clock, H2StoreSettings settings) throws StoreOpenException {
        this(dir, clock, settings, DeviceSettings.of("bench-clinic"));
    }

    private LocalClinic(Path dir, ClinicClock clock, H2StoreSettings settings, DeviceSettings device) throws StoreOpenException {
        this.dir = dir;
        this.clock = clock;
        this.settings = settings;
        this.keys = new FileKeyProvider(dir.resolve("clinic.key"));
        this.store = H2ClinicStore.open(settings, keys);
        this.commands = new ClinicCommandService(clock, device);
        this.queries = new QueryService(clock, commands, 5000);
        this.audit = new AuditService(commands, 5000);
        commands.bindStore(store);
        commands.bindAccessControl(new TrustingAccessControl());
        queries.bindStore(store);
        audit.bindStore(store);
    }

    /** Opens (or creates) the clinic in {@code dir} with the store's default settings (SYNC durability). */
    public static LocalClinic open(Path dir, ClinicClock clock) throws Exception {
        Files.createDirectories(dir);
        return new LocalClinic(dir, clock, H2StoreSettings.of(dir.resolve("clinic")));
    }

    /** Opens (or creates) one workstation of a clinic: its own device id, as enrolled at the hub. */
    public static LocalClinic device(Path dir, ClinicClock clock, String clinicId, String deviceId) throws Exception {
        Files.createDirectories(dir);
        return new LocalClinic(dir, clock, H2StoreSettings.of(dir.resolve("clinic")), new DeviceSettings(clinicId, deviceId, 5000, 3_600_000));
    }

    /** How many operations the op log holds. */
    public long ops() {
        return audit.size(AUDITOR);
    }

    /** Empties the projections and replays the op log into them. */
    public long rebuildProjections() {
        return store.rebuildProjections(new Projector());
    }

    /** SHA-256 over every row of every projection table. */
    public String projectionDigest() {
        return projectionDigest(store);
    }

    /** SHA-256 over every row of every projection table of a store. */
    public static String projectionDigest(ClinicStore store) {
        return store.read(tx -> digest(tx.connection(), PROJECTIONS));
    }

    static String digest(Connection c, String... queries) throws SQLException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String sql : queries) {
            md.update(sql.getBytes());
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        md.update(String.valueOf(rs.getObject(i)).getBytes());
                        md.update((byte) 0);
                    }
                    md.update((byte) '\n');
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * A plain JDBC connection to an encrypted H2 file with this store's key, the way the store opens its own file
     * (H2's {@code CIPHER=AES} format through the store's file system, {@code WRITE_DELAY=0}), for baselines without
     * the service layer.
     */
    public static Connection rawConnection(Path database, FileKeyProvider keys, boolean mustExist) throws SQLException {
        char[] key = keys.databaseKey(database.getFileName().toString());
        // held while the benchmark's JVM runs: the connection outlives this call
        EncryptedFilePath.unlock(database, key);
        java.util.Arrays.fill(key, '\0');
        Properties p = new Properties();
        p.setProperty("user", "salus");
        p.setProperty("password", "");
        return new org.h2.Driver().connect("jdbc:h2:" + EncryptedFilePath.url("file", database) + ";DB_CLOSE_ON_EXIT=FALSE"
                + ";WRITE_DELAY=0;IFEXISTS=" + (mustExist ? "TRUE" : "FALSE"), p);
    }

    /**
     * A plain JDBC connection to an H2 file encrypted by H2 itself ({@code CIPHER=AES}, {@code WRITE_DELAY=0}): raw H2
     * as it ships, for the baselines.
     */
    public static Connection stockH2Connection(Path database, FileKeyProvider keys, boolean mustExist) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "salus");
        p.setProperty("password", new String(keys.databaseKey(database.getFileName().toString())) + " ");
        return new org.h2.Driver().connect("jdbc:h2:file:" + database.toAbsolutePath() + ";CIPHER=AES;DB_CLOSE_ON_EXIT=FALSE"
                + ";WRITE_DELAY=0;IFEXISTS=" + (mustExist ? "TRUE" : "FALSE"), p);
    }

    @Override
    public void close() {
        commands.unbindStore(store);
        queries.unbindStore(store);
        audit.unbindStore(store);
        store.close();
    }

    /** Deletes a directory and everything in it (benchmark files under a temp dir). */
    public static void deleteDirectory(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A clinic clock that starts at a chosen instant and runs at the speed of the system clock, in UTC. */
    public static ClinicClock clockFrom(LocalDate day) {
        Instant start = day.atTime(8, 0).toInstant(ZoneOffset.UTC);
        long t0 = System.nanoTime();
        return new ClinicClock() {
            @Override
            public Instant now() {
                return start.plusNanos(System.nanoTime() - t0);
            }

            @Override
            public ZoneId zone() {
                return ZoneOffset.UTC;
            }
        };
    }
}
