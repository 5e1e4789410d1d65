package org.salus.core.command;

/** A command was refused or could not be recorded; nothing of it was written. The message says why in plain words. */
public abstract class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected CommandException(String message) {
        super(message);
    }

    protected CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
