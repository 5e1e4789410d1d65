package org.salus.store.h2.internal.hub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.salus.core.op.Hlc;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.core.op.UuidV7;

/** Real hash-chained operations of one device. */
final class DeviceChain {

    private static final UuidV7 IDS = new UuidV7();

    private final String clinicId;
    private final String deviceId;
    private long seq;
    private String prevHash = OpHashes.GENESIS;

    DeviceChain(String clinicId, String deviceId) {
        this.clinicId = clinicId;
        this.deviceId = deviceId;
    }

    OpEnvelope next() {
        seq++;
        long millis = 1_767_225_600_000L + seq;
        OpEnvelope op = new OpEnvelope(IDS.nextString(), clinicId, deviceId, "user-1", "StockMovement", deviceId + "-" + seq, "stock.dispense",
                seq, new Hlc(millis, 0, "00000000000000b2").toString(), Instant.ofEpochMilli(millis), 1, "{\"delta\":\"-" + seq + "\"}", prevHash,
                null, 0, null).sealed();
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
