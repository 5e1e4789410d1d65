package org.salus.store.h2.internal;

import java.io.IOException;
import java.sql.SQLException;

/** Reads H2's errors: which ones mean the database is gone, which mean the disk is full. */
final class H2Errors {

    /** H2: the database has been closed (after a write failure H2 closes it). */
    static final int DATABASE_IS_CLOSED = 90098;
    /** H2: the database is read-only (a read-only open that would need to write). */
    static final int DATABASE_IS_READ_ONLY = 90097;
    /** H2: encryption error, a wrong key or a damaged file. */
    static final int ENCRYPTION_ERROR = 90049;
    /** H2: the file is locked by another process. */
    static final int DATABASE_ALREADY_OPEN = 90020;
    /** H2: file corrupted. */
    static final int FILE_CORRUPTED = 90030;
    /** H2: IO exception. */
    static final int IO_EXCEPTION = 90028;
    /** H2: wrong user name or password. */
    static final int WRONG_USER_OR_PASSWORD = 28000;
    /** Unique constraint violated. */
    static final String UNIQUE_VIOLATION_STATE = "23505";

    private H2Errors() {
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl);
        int sql = line.indexOf("; SQL statement:");
        return sql < 0 ? line : line.substring(0, sql);
    }

    /** The IOException somewhere in the causes, if any. */
    static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** Whether the message of any cause contains {@code text}. */
    static boolean mentions(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether a cause of the given type is somewhere in the chain. */
    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static boolean isDiskFull(Throwable e) {
        IOException io = ioCause(e);
        return io != null && io.getMessage() != null && io.getMessage().toLowerCase().contains("no space left");
    }

    static boolean isClosed(SQLException e) {
        return e.getErrorCode() == DATABASE_IS_CLOSED;
    }
}
