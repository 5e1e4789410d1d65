package org.salus.core.command;

/**
 * Stock cannot be taken as asked: a batch has expired, or there is not enough. When no single batch is to blame
 * (the usable stock of all batches together is too little), {@code batchId} and {@code lot} are null.
 */
public class StockRefusedException extends CommandException {

    private static final long serialVersionUID = 1L;

    /** Why stock was refused. */
    public enum Reason {
        /** The batch's expiry date is before today. */
        EXPIRED,
        /** Fewer units are available than were asked. */
        INSUFFICIENT
    }

    private final String batchId;
    private final String lot;
    private final int requested;
    private final int available;
    private final Reason reason;

    /**
     * @param message the plain-words explanation ("Batch LOT-42 of amoxicillin 500 mg has 3 left; 5 were asked")
     */
    public StockRefusedException(String message, String batchId, String lot, int requested, int available, Reason reason) {
        super(message);
        this.batchId = batchId;
        this.lot = lot;
        this.requested = requested;
        this.available = available;
        this.reason = reason;
    }

    /** The batch, or null when the medicine's stock as a whole is short. */
    public String batchId() {
        return batchId;
    }

    /** The batch's lot number, or null. */
    public String lot() {
        return lot;
    }

    /** How many units were asked. */
    public int requested() {
        return requested;
    }

    /** How many units could be given. */
    public int available() {
        return available;
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }
}
