package org.salus.sync.mqtt.internal;

import org.salus.core.op.OpEnvelope;

/** An operation from the hub that this store will not take; the page or feed message it came in is not applied. */
final class IngestRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    IngestRefusedException(OpEnvelope op, String why) {
        super("operation " + op.opId() + " (device " + op.deviceId() + ", seq " + op.deviceSeq() + ", serverSeq " + op.serverSeq()
                + ") was refused: " + why);
    }
}
