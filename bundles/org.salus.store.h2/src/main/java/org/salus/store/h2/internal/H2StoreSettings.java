package org.salus.store.h2.internal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How an H2 clinic store is opened, as plain values (so a plain JVM can open one without OSGi).
 *
 * @param database the database file without its {@code .mv.db} ending ({@code /srv/salus/clinic})
 * @param fileSystem H2's file system scheme; {@code file} for the real disk (tests register wrappers)
 * @param verifyTailOps how many of each device's last operations are checked at start
 * @param durability when a commit reaches the disk
 * @param lockTimeoutMillis how long a transaction waits for a row lock
 * @param maxReaders how many read connections are kept
 */
public record H2StoreSettings(Path database, String fileSystem, long verifyTailOps, Durability durability, int lockTimeoutMillis,
        int maxReaders) {

    /** When a commit reaches the disk. */
    public enum Durability {
        /** Each commit is written and forced to the device (survives power loss). */
        SYNC,
        /** Each commit is written to the operating system (survives a killed process, not power loss). */
        WRITE
    }

    public H2StoreSettings {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(fileSystem, "fileSystem");
        Objects.requireNonNull(durability, "durability");
        database = database.toAbsolutePath().normalize();
        if (database.toString().contains(";")) {
            throw new IllegalArgumentException("the store path may not contain ';': " + database);
        }
        if (!fileSystem.matches("[a-zA-Z][a-zA-Z0-9]*")) {
            throw new IllegalArgumentException("not an H2 file system scheme: " + fileSystem);
        }
        if (maxReaders < 1) {
            throw new IllegalArgumentException("maxReaders must be at least 1: " + maxReaders);
        }
    }

    /** Defaults for a store at {@code database}: real disk, last 1000 operations checked, SYNC, 10 s lock wait. */
    public static H2StoreSettings of(Path database) {
        return new H2StoreSettings(database, "file", 1000, Durability.SYNC, 10_000, 4);
    }

    public H2StoreSettings withDatabase(Path newDatabase) {
        return new H2StoreSettings(newDatabase, fileSystem, verifyTailOps, durability, lockTimeoutMillis, maxReaders);
    }

    public H2StoreSettings withFileSystem(String scheme) {
        return new H2StoreSettings(database, scheme, verifyTailOps, durability, lockTimeoutMillis, maxReaders);
    }

    public H2StoreSettings withVerifyTailOps(long ops) {
        return new H2StoreSettings(database, fileSystem, ops, durability, lockTimeoutMillis, maxReaders);
    }

    public H2StoreSettings withDurability(Durability d) {
        return new H2StoreSettings(database, fileSystem, verifyTailOps, d, lockTimeoutMillis, maxReaders);
    }

    /** The store's name: the file name ({@code clinic}). */
    public String storeName() {
        return database.getFileName().toString();
    }

    /** The data file as the operating system names it. */
    public Path dataFile() {
        return database.resolveSibling(database.getFileName() + ".mv.db");
    }

    /** The data file as H2 names it (with the file system scheme). */
    String h2DataFile() {
        return fileSystem + ":" + dataFile();
    }

    /** The quarantine report beside the data file. */
    public Path quarantineReport() {
        return database.resolveSibling(database.getFileName() + ".quarantine.txt");
    }
}
