package org.salus.demo;

/** Thrown when text that should be GTIN digits is not; the message names the text and what is wrong with it. */
public class InvalidGtinException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;

    public InvalidGtinException(String input, String problem) {
        super("Invalid GTIN input '" + input + "': " + problem);
        this.input = input;
    }

    /** The text that was rejected (may be null). */
    public String input() {
        return input;
    }
}
