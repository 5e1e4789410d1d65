package org.salus.core.store;

/** This store instance is closed or closing (stopped, updated, swapped); nothing was written, another instance may take the work. */
public class StoreClosedException extends StoreException {

    private static final long serialVersionUID = 1L;

    public StoreClosedException(String message) {
        super(message);
    }
}
