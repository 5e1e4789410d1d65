package org.salus.core.internal.command;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import org.salus.core.op.ChainHead;
import org.salus.core.op.Hlc;
import org.salus.core.op.HybridLogicalClock;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.UuidV7;
import org.salus.core.store.OpApplier;
import org.salus.core.store.StoreTransaction;

/**
 * Appends operations to this device's chain inside one write transaction and applies each to the projections at
 * once, so what is written later in the transaction sees it. Commands and the access ledger both write through it.
 */
final class OpWriter {

    /** Version of the payload schema written into every operation. */
    static final int SCHEMA_VERSION = 1;

    private final StoreTransaction tx;
    private final OpApplier projector;
    private final String clinicId;
    private final String deviceId;
    private final HybridLogicalClock hlc;
    private final UuidV7 ids;
    private final Supplier<Instant> now;
    private ChainHead head;

    OpWriter(StoreTransaction tx, OpApplier projector, String clinicId, String deviceId, HybridLogicalClock hlc, UuidV7 ids,
            Supplier<Instant> now) {
        this.tx = tx;
        this.projector = projector;
        this.clinicId = clinicId;
        this.deviceId = deviceId;
        this.hlc = hlc;
        this.ids = ids;
        this.now = now;
        this.head = tx.chainHead(deviceId);
        // readings must follow every operation already known here, this device's and those received from others
        tx.opLog().latestHlc().ifPresent(latest -> hlc.advancePast(Hlc.parse(latest)));
    }

    StoreTransaction tx() {
        return tx;
    }

    String deviceId() {
        return deviceId;
    }

    String newId() {
        return ids.nextString();
    }

    Instant now() {
        return now.get().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Appends one operation by {@code userId} and applies it to the projections. */
    OpEnvelope emit(String userId, String entityType, String entityId, String opType, String payload) throws SQLException {
        OpEnvelope op = new OpEnvelope(ids.nextString(), clinicId, deviceId, userId, entityType, entityId, opType, head.seq() + 1,
                hlc.send().toString(), now(), SCHEMA_VERSION, payload, head.hash(), null, 0, null).sealed();
        tx.append(op);
        projector.apply(tx, op);
        head = ChainHead.after(op);
        return op;
    }
}
