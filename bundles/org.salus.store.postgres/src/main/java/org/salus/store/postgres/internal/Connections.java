package org.salus.store.postgres.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.postgresql.Driver;

/**
 * A few PostgreSQL connections, each with the log's schema on its search path, handed out one caller at a time. A
 * connection that failed is closed instead of being handed out again.
 */
final class Connections implements AutoCloseable {

    private static final long BORROW_WAIT_S = 30;

    private final PgHubLogSettings settings;
    private final Driver driver = new Driver();
    private final BlockingQueue<Connection> idle;
    private final Semaphore permits;
    private volatile boolean closed;

    Connections(PgHubLogSettings settings) {
        this.settings = settings;
        this.idle = new ArrayBlockingQueue<>(settings.connections());
        this.permits = new Semaphore(settings.connections(), true);
    }

    /** A connection in manual-commit mode; give it back with {@link #release}. */
    Connection borrow() throws SQLException {
        if (closed) {
            throw new SQLException("the hub log is closed", "08003");
        }
        try {
            if (!permits.tryAcquire(BORROW_WAIT_S, TimeUnit.SECONDS)) {
                throw new SQLException("all " + settings.connections() + " connections of the hub log stayed busy for " + BORROW_WAIT_S + " s",
                        "08001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", "08001", e);
        }
        Connection c = idle.poll();
        if (c != null) {
            return c;
        }
        try {
            return open();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", settings.user());
        if (!settings.password().isEmpty()) {
            p.setProperty("password", settings.password());
        }
        p.setProperty("ApplicationName", "salus-hub");
        Connection c = driver.connect(settings.url(), p);
        if (c == null) {
            throw new SQLException("the PostgreSQL driver does not accept the URL " + settings.url(), "08001");
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + settings.schema());
        }
        c.setAutoCommit(false);
        return c;
    }

    /** Gives a connection back; one that failed ({@code broken}) is closed. */
    void release(Connection c, boolean broken) {
        try {
            if (broken || closed || !idle.offer(c)) {
                closeQuietly(c);
            }
        } finally {
            permits.release();
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }
}
