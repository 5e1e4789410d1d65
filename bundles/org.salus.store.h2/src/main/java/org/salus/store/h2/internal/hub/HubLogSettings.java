package org.salus.store.h2.internal.hub;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * How an H2 hub log is opened, as plain values (a plain JVM can open one without OSGi).
 *
 * @param database the database file without its {@code .mv.db} ending
 * @param keyFile the key file
 * @param forceEachCommit whether each commit is forced to the disk before it is reported (SYNC)
 * @param lockTimeoutMillis how long a transaction waits for a row lock
 * @param connections how many connections are pooled
 */
public record HubLogSettings(Path database, Path keyFile, boolean forceEachCommit, int lockTimeoutMillis, int connections) {

    public HubLogSettings {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(keyFile, "keyFile");
        database = database.toAbsolutePath().normalize();
        keyFile = keyFile.toAbsolutePath().normalize();
        if (database.toString().contains(";")) {
            throw new IllegalArgumentException(HubLogConfig.PID + ".path may not contain ';': " + database);
        }
        if (lockTimeoutMillis < 1 || connections < 1) {
            throw new IllegalArgumentException(HubLogConfig.PID + ": lockTimeoutMillis and connections must be 1 or more");
        }
    }

    /** Defaults for a log at {@code database}: key file beside it, SYNC, 10 s lock wait, 8 connections. */
    public static HubLogSettings of(Path database) {
        return new HubLogSettings(database, Path.of(database + ".key"), true, 10_000, 8);
    }

    static HubLogSettings of(HubLogConfig config) {
        if (config.path() == null || config.path().isBlank()) {
            throw new IllegalArgumentException(HubLogConfig.PID + ".path must name the database file, such as data/hub-log");
        }
        String durability = config.durability().trim().toUpperCase(Locale.ROOT);
        if (!durability.equals("SYNC") && !durability.equals("WRITE")) {
            throw new IllegalArgumentException(HubLogConfig.PID + ".durability must be SYNC or WRITE, not '" + config.durability() + "'");
        }
        Path db = Path.of(config.path().trim());
        Path key = config.keyFile() == null || config.keyFile().isBlank() ? Path.of(config.path().trim() + ".key") : Path.of(config.keyFile().trim());
        return new HubLogSettings(db, key, durability.equals("SYNC"), config.lockTimeoutMillis(), config.connections());
    }

    /** The data file as the operating system names it. */
    public Path dataFile() {
        return database.resolveSibling(database.getFileName() + ".mv.db");
    }
}
