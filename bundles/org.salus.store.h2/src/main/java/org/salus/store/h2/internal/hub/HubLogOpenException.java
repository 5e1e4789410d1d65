package org.salus.store.h2.internal.hub;

/** The hub log could not be opened; the message names the file and what a person can do. */
public class HubLogOpenException extends Exception {

    private static final long serialVersionUID = 1L;

    public HubLogOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
