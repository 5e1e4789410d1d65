package org.salus.core.command;

/**
 * The clinic store failed while recording (for example, the disk is full); the transaction was rolled back and
 * nothing of the command was written.
 */
public class StoreFailureException extends CommandException {

    private static final long serialVersionUID = 1L;

    public StoreFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
