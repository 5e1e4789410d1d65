package org.salus.core.access;

import org.salus.core.command.CommandException;

/** No access control is running, so nobody can be checked: every command and every read is refused, and nothing was written. */
public class AccessControlUnavailableException extends CommandException {

    private static final long serialVersionUID = 1L;

    public AccessControlUnavailableException(String message) {
        super(message);
    }
}
