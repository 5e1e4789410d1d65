package org.salus.store.h2.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.salus.store.h2.internal.MigrationScripts.Script;

/**
 * Applies the schema migrations shipped in this bundle, in order, each once. A migration's statements and its
 * {@code schema_version} row run in one transaction; H2 commits DDL on its own, so the scripts are written to be
 * re-runnable ({@code IF NOT EXISTS}) and an interrupted migration completes on the next start.
 */
final class Migrations {

    private Migrations() {
    }

    /** The migrations this bundle ships, by version. */
    static List<Script> shipped() throws IOException {
        return MigrationScripts.load(Migrations.class);
    }

    /**
     * Brings the schema up to date.
     *
     * @param existing whether the file existed before this start (then it must already hold a Salus schema)
     * @return the schema version now in place
     * @throws SchemaException when the store's schema is newer than this bundle knows, or an applied script changed
     */
    static int migrate(Connection c, boolean existing, String location) throws SQLException, IOException, SchemaException {
        List<Script> shipped = shipped();
        boolean hasTable;
        try (ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "SCHEMA_VERSION", null)) {
            hasTable = rs.next();
        }
        if (!hasTable && existing) {
            throw new SchemaException(true, "The file " + location + " holds no Salus schema: it is empty or damaged");
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            if (!hasTable) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, name VARCHAR(200) NOT NULL,"
                            + " checksum CHAR(64) NOT NULL, applied_at TIMESTAMP(3) WITH TIME ZONE NOT NULL)");
                }
                c.commit();
            }
            Map<Integer, String[]> applied = new TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version, name, checksum FROM schema_version")) {
                while (rs.next()) {
                    applied.put(rs.getInt(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
            int newestShipped = shipped.isEmpty() ? 0 : shipped.get(shipped.size() - 1).version();
            for (int v : applied.keySet()) {
                if (v > newestShipped) {
                    throw new SchemaException(false, "The store " + location + " has schema version " + v
                            + ", newer than this Salus knows (" + newestShipped + "): install the newer Salus that wrote it");
                }
            }
            int current = 0;
            for (Script m : shipped) {
                String[] done = applied.get(m.version());
                if (done != null) {
                    if (!done[1].equals(m.checksum())) {
                        throw new SchemaException(false, "Migration " + m.name() + " applied to " + location
                                + " differs from the one shipped now: the store and this Salus do not belong together");
                    }
                } else {
                    apply(c, m);
                }
                current = m.version();
            }
            return current;
        } catch (SQLException | RuntimeException | SchemaException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Checks, without writing, that a store holds a Salus schema this version can work with: the version table
     * exists, no applied migration is newer than the shipped ones, and every applied one matches its shipped script.
     */
    static void checkKnown(Connection c, String location) throws SQLException, IOException, SchemaException {
        try (ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "SCHEMA_VERSION", null)) {
            if (!rs.next()) {
                throw new SchemaException(true, "The file " + location + " holds no Salus schema: it is empty or damaged");
            }
        }
        Map<Integer, Script> shipped = new TreeMap<>();
        for (Script m : shipped()) {
            shipped.put(m.version(), m);
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version, name, checksum FROM schema_version")) {
            while (rs.next()) {
                Script m = shipped.get(rs.getInt(1));
                if (m == null) {
                    throw new SchemaException(false, "The store " + location + " has schema version " + rs.getInt(1) + " ("
                            + rs.getString(2) + "), which this Salus does not know: install the newer Salus that wrote it");
                }
                if (!m.checksum().equals(rs.getString(3))) {
                    throw new SchemaException(false, "Migration " + m.name() + " applied to " + location
                            + " differs from the one shipped now: the store and this Salus do not belong together");
                }
            }
        }
    }

    private static void apply(Connection c, Script m) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : MigrationScripts.statements(m.sql())) {
                s.execute(statement);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.name());
            ps.setString(3, m.checksum());
            ps.setObject(4, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
            ps.executeUpdate();
        }
        c.commit();
    }

    /** The schema cannot be brought up to date. */
    static final class SchemaException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean damaged;

        SchemaException(boolean damaged, String message) {
            super(message);
            this.damaged = damaged;
        }

        boolean damaged() {
            return damaged;
        }
    }
}
