package org.salus.sync.wire;

/**
 * A message could not be read: it is not what version 1 of the wire format allows. The reason is what the hub puts in
 * its reject; the detail names the field and what was wrong with it, for the person reading the device's sync log.
 */
public class WireFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectReason reason;
    private final String detail;
    private final String batchId;

    public WireFormatException(RejectReason reason, String detail) {
        this(reason, detail, null);
    }

    /**
     * @param batchId the batch id of the push this came from, when it could be read before the problem; else null
     */
    public WireFormatException(RejectReason reason, String detail, String batchId) {
        super(reason.wireName() + ": " + detail);
        this.reason = reason;
        this.detail = detail;
        this.batchId = batchId;
    }

    public RejectReason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }

    /** The batch id of the push, when the message got that far; null otherwise. */
    public String batchId() {
        return batchId;
    }

    /** The same problem, knowing the batch it came from. */
    public WireFormatException inBatch(String id) {
        return batchId != null || id == null ? this : new WireFormatException(reason, detail, id);
    }
}
