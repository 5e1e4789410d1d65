package org.salus.store.h2.internal;

import java.nio.file.Path;

/** A store could not be opened; the message says what happened to which file and what a person can do. */
public class StoreOpenException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the store was not opened. */
    public enum Reason {
        /** The file cannot be decrypted: the key is wrong or the file's header is damaged. */
        CANNOT_DECRYPT(false),
        /** The file is damaged or truncated. */
        CORRUPT(true),
        /** The file is not an encrypted H2 store. */
        NOT_A_STORE(true),
        /** The op log's hash chain shows tampering. */
        TAMPERED(true),
        /** An earlier start quarantined this store, and a person has not released it yet. */
        QUARANTINED(true),
        /** Another program holds the file open. */
        LOCKED(false),
        /** The store was written by a newer Salus, or its migrations differ from this version's. */
        SCHEMA(false),
        /** No key could be had. */
        NO_KEY(false),
        /** Reading or writing the file failed. */
        IO(false);

        private final boolean sticky;

        Reason(boolean sticky) {
            this.sticky = sticky;
        }

        /** Whether the store stays quarantined until a person releases it (damage does not go away by itself). */
        public boolean sticky() {
            return sticky;
        }
    }

    private final Reason reason;
    private final Path file;

    public StoreOpenException(Reason reason, Path file, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.file = file;
    }

    public Reason reason() {
        return reason;
    }

    /** The data file concerned. */
    public Path file() {
        return file;
    }
}
