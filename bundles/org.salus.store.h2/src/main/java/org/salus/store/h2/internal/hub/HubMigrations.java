package org.salus.store.h2.internal.hub;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.salus.store.h2.internal.MigrationScripts.Script;
import org.salus.store.h2.internal.MigrationScripts;

/**
 * The hub log's schema migrations, kept apart from the clinic store's: its own scripts and its own version table
 * {@code hub_schema_version}. Each is applied once, in order, with a checksum; H2 commits DDL on its own, so the
 * scripts are re-runnable ({@code IF NOT EXISTS}).
 */
final class HubMigrations {

    private HubMigrations() {
    }

    static List<Script> shipped() throws IOException {
        return MigrationScripts.load(HubMigrations.class);
    }

    /**
     * Brings the schema up to date.
     *
     * @return the schema version now in place
     * @throws HubLogOpenException when the log's schema is newer than this bundle knows, or an applied script changed
     */
    static int migrate(Connection c, String location) throws SQLException, IOException, HubLogOpenException {
        List<Script> shipped = shipped();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS hub_schema_version (version INT PRIMARY KEY, name VARCHAR(200) NOT NULL,"
                        + " checksum CHAR(64) NOT NULL, applied_at_ms BIGINT NOT NULL)");
            }
            c.commit();
            Map<Integer, String> applied = new TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version, checksum FROM hub_schema_version")) {
                while (rs.next()) {
                    applied.put(rs.getInt(1), rs.getString(2));
                }
            }
            int newest = shipped.isEmpty() ? 0 : shipped.get(shipped.size() - 1).version();
            for (int v : applied.keySet()) {
                if (v > newest) {
                    throw new HubLogOpenException("The hub log " + location + " has schema version " + v + ", newer than this Salus knows ("
                            + newest + "): install the newer Salus that wrote it", null);
                }
            }
            for (Script m : shipped) {
                String done = applied.get(m.version());
                if (done == null) {
                    try (Statement s = c.createStatement()) {
                        for (String statement : MigrationScripts.statements(m.sql())) {
                            s.execute(statement);
                        }
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO hub_schema_version (version, name, checksum, applied_at_ms) VALUES (?, ?, ?, ?)")) {
                        ps.setInt(1, m.version());
                        ps.setString(2, m.name());
                        ps.setString(3, m.checksum());
                        ps.setLong(4, System.currentTimeMillis());
                        ps.executeUpdate();
                    }
                    c.commit();
                } else if (!done.equals(m.checksum())) {
                    throw new HubLogOpenException("Migration " + m.name() + " applied to the hub log " + location
                            + " differs from the one shipped now: the log and this Salus do not belong together", null);
                }
            }
            return newest;
        } catch (SQLException | RuntimeException | HubLogOpenException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
