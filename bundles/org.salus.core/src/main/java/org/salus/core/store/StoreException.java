package org.salus.core.store;

/** The store could not do what was asked; the transaction was rolled back. The message says why, in plain words. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
