package org.salus.core.command;

/**
 * Who does a command: a handle to a session that the security service opened at login. It proves nothing by itself:
 * for every command the core asks the access control to verify it, and a forged, ended, expired or locked session
 * is refused. The user written into the operations is the one the access control verified, never one the caller names.
 *
 * @param session the session handle; not blank, at most 200 characters; a secret, never shown or logged
 */
public record Actor(String session) {

    public Actor {
        if (session == null || session.isBlank()) {
            throw new InvalidInputException("session", "every change to clinic data needs the session of a logged-in user");
        }
        if (session.length() > 200) {
            throw new InvalidInputException("session", "a session handle has at most 200 characters (this one has " + session.length() + ")");
        }
    }

    /** Never shows the handle: whoever holds it acts as its user. */
    @Override
    public String toString() {
        return "Actor[session]";
    }
}
