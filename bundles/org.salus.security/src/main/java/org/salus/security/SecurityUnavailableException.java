package org.salus.security;

/** The clinic data core is not running (no store, or the core bundle is stopped), so nobody can log in now. */
public class SecurityUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SecurityUnavailableException(String message) {
        super(message);
    }
}
