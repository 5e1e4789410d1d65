package org.salus.barcode;

/** A scan is not a GS1 element string Salus can read; the message says where and why, for the person scanning. */
public class Gs1FormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;
    private final String ai;

    /**
     * @param position the character of the scan (0-based, after the symbology prefix) where the problem shows, or -1
     * @param ai the application identifier concerned, or null
     * @param message what is wrong, in plain words
     */
    public Gs1FormatException(int position, String ai, String message) {
        super(message);
        this.position = position;
        this.ai = ai;
    }

    /** Where in the scan the problem shows, or -1. */
    public int position() {
        return position;
    }

    /** The application identifier concerned, or null. */
    public String ai() {
        return ai;
    }
}
