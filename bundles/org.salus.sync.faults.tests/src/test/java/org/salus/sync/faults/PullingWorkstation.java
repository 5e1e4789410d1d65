package org.salus.sync.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.salus.bench.LocalClinic;
import org.salus.core.internal.projection.Projector;
import org.salus.core.op.ChainHead;
import org.salus.core.op.ChainReport;
import org.salus.sync.mqtt.internal.SyncComponent;

/**
 * A clinic workstation in a JVM of its own (encrypted H2 store, core commands and projector, sync engine) that pulls
 * its clinic's operations from the hub, so that a test can kill it with {@code kill -9} in the middle. On standard
 * output: {@code start cursor C ops N} (what the store kept from before), then {@code cursor C} whenever the stored
 * cursor moves, and once the cursor reaches the expected one {@code done cursor C ops N distinct D intact B}.
 * <p>
 * Arguments: store directory, hub URL, clinic, device, secret file, expected cursor.
 */
public final class PullingWorkstation {

    private PullingWorkstation() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String url = args[1];
        String clinic = args[2];
        String device = args[3];
        String secret = Files.readString(Path.of(args[4])).trim();
        long expected = Long.parseLong(args[5]);
        try (LocalClinic ws = LocalClinic.device(dir, LocalClinic.clockFrom(LocalDate.of(2026, 11, 22)), clinic, device)) {
            long cursor = cursor(ws);
            System.out.println("start cursor " + cursor + " ops " + ws.store.read(tx -> tx.opLog().count()));
            Map<String, Object> settings = new HashMap<>();
            settings.put("hubUrl", url);
            settings.put("clinicId", clinic);
            settings.put("deviceId", device);
            settings.put("_secret", secret);
            // small pages: the pull is many transactions, each with its cursor, so a kill lands between or inside them
            settings.put("pageOps", 100);
            settings.put("retryMinMillis", 100L);
            settings.put("retryMaxMillis", 1_000L);
            SyncComponent engine = new SyncComponent(Engines.config(settings), ws.store, new Projector());
            try {
                long reported = cursor;
                while (reported < expected) {
                    long now = cursor(ws);
                    if (now != reported) {
                        System.out.println("cursor " + now);
                        reported = now;
                    }
                    Thread.sleep(10); // the poll of the store's cursor
                }
            } finally {
                engine.deactivate();
            }
            long ops = ws.store.read(tx -> tx.opLog().count());
            Set<String> ids = new HashSet<>();
            ws.store.read(tx -> {
                for (ChainHead h : tx.opLog().chainHeads()) {
                    tx.opLog().scanDevice(h.deviceId(), 1, op -> {
                        ids.add(op.opId());
                        return true;
                    });
                }
                return null;
            });
            ChainReport chains = ws.store.read(tx -> tx.opLog().verifyChains(Long.MAX_VALUE));
            System.out.println("done cursor " + cursor(ws) + " ops " + ops + " distinct " + ids.size() + " intact " + chains.intact());
        }
    }

    private static long cursor(LocalClinic ws) {
        return ws.store.read(tx -> tx.meta("sync.cursor").map(Long::parseLong).orElse(0L));
    }
}
