package org.salus.store.postgres.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a PostgreSQL hub log is reached, as plain values (a plain JVM can open one without OSGi).
 *
 * @param url the JDBC URL
 * @param user the database user
 * @param password the password, empty for trust authentication
 * @param schema the schema of the tables
 * @param connections how many connections are pooled
 */
public record PgHubLogSettings(String url, String user, String password, String schema, int connections) {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public PgHubLogSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(PgHubLogConfig.PID + ".url must be a jdbc:postgresql: URL, not '" + url + "'");
        }
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException(PgHubLogConfig.PID + ".schema must be lower-case letters, digits and '_': '" + schema + "'");
        }
        if (connections < 1) {
            throw new IllegalArgumentException(PgHubLogConfig.PID + ".connections must be 1 or more: " + connections);
        }
    }

    static PgHubLogSettings of(PgHubLogConfig c) {
        return new PgHubLogSettings(c.url() == null ? "" : c.url().trim(), c.user(), c.password(), c.schema(), c.connections());
    }

    /** Where the log is, for messages (never the password). */
    String location() {
        return "PostgreSQL " + url + " schema " + schema;
    }
}
