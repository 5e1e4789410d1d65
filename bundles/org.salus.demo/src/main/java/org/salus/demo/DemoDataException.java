package org.salus.demo;

/** Thrown for demo parameters out of range or a malformed medicine list; the message names the field or line. */
public class DemoDataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public DemoDataException(String message) {
        super(message);
    }
}
