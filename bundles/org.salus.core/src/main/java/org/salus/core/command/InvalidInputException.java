package org.salus.core.command;

/** A field of a command has a value the clinic's rules do not accept. */
public class InvalidInputException extends CommandException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    /**
     * @param field the command field ("quantity", "gtin")
     * @param reason what is wrong and what is accepted, as a sentence
     */
    public InvalidInputException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The field that was refused. */
    public String field() {
        return field;
    }

    /** What is wrong with it. */
    public String reason() {
        return reason;
    }
}
