package org.salus.core.access;

import org.salus.core.command.CommandException;

/** No access control is running, so nobody can be checked and every command is refused; nothing was written. */
public class AccessControlUnavailableException extends CommandException {

    private static final long serialVersionUID = 1L;

    public AccessControlUnavailableException(String message) {
        super(message);
    }
}
