package org.salus.hub.sync.tests;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.salus.core.op.Hlc;
import org.salus.core.op.HybridLogicalClock;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.core.op.UuidV7;

/** One device's real hash-chained operations, written as a workstation writes them (sealed with {@link OpHashes}). */
final class Chain {

    private static final UuidV7 IDS = new UuidV7();

    /** The clinic the next operations name (a workstation names {@code unassigned} until it is enrolled). */
    String clinicId;
    final String deviceId;
    private final String node;
    private long seq;
    private String prevHash = OpHashes.GENESIS;

    Chain(String clinicId, String deviceId) {
        this.clinicId = clinicId;
        this.deviceId = deviceId;
        this.node = HybridLogicalClock.nodeOf(deviceId);
    }

    OpEnvelope next() {
        seq++;
        long now = System.currentTimeMillis();
        String payload = "{\"batch\":\"b-" + seq + "\",\"delta\":\"-" + seq + "\",\"medicine\":\"paracetamol 500 mg\"}";
        OpEnvelope op = new OpEnvelope(IDS.nextString(), clinicId, deviceId, "pharmacist-1", "StockMovement", deviceId + "-sm-" + seq,
                "stock.dispense", seq, new Hlc(now, 0, node).toString(), Instant.ofEpochMilli(now), 1, payload, prevHash, null, 0, null).sealed();
        prevHash = op.hash();
        return op;
    }

    List<OpEnvelope> next(int n) {
        List<OpEnvelope> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ops.add(next());
        }
        return ops;
    }
}
