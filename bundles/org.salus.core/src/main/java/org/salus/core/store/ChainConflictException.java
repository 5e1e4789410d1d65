package org.salus.core.store;

/** An appended operation does not continue its device's chain, or its opId is already in the log. */
public class ChainConflictException extends StoreException {

    private static final long serialVersionUID = 1L;

    public ChainConflictException(String message) {
        super(message);
    }
}
