package org.salus.sync.wire;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.salus.core.op.Hlc;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.core.op.UuidV7;

/** Real hash-chained operations of one device, as a workstation writes them. */
public final class Chains {

    private static final UuidV7 IDS = new UuidV7();

    private final String clinicId;
    private final String deviceId;
    private long seq;
    private String prevHash = OpHashes.GENESIS;
    private long millis = 1_767_225_600_000L;

    public Chains(String clinicId, String deviceId) {
        this.clinicId = clinicId;
        this.deviceId = deviceId;
    }

    /** The next operation of the chain. */
    public OpEnvelope next() {
        seq++;
        millis += 7;
        String payload = "{\"delta\":\"-" + seq + "\",\"medicine\":\"amoxicillin \\\"500 mg\\\"\",\"note\":\"ünïcødé\"}";
        OpEnvelope op = new OpEnvelope(IDS.nextString(), clinicId, deviceId, "nurse-1", "StockMovement", "sm-" + seq, "stock.dispense", seq,
                new Hlc(millis, 0, "00000000000000a1").toString(), Instant.ofEpochMilli(millis), 1, payload, prevHash, null, 0, null).sealed();
        prevHash = op.hash();
        return op;
    }

    public List<OpEnvelope> next(int n) {
        List<OpEnvelope> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ops.add(next());
        }
        return ops;
    }
}
