package org.salus.core.command;

/** No clinic store is available (it is stopped, being updated, or quarantined); nothing was written. Try again later. */
public class StoreUnavailableException extends CommandException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
