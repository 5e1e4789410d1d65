package org.salus.bench.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.salus.bench.LocalClinic;
import org.salus.core.internal.platform.SystemClinicClock;
import org.salus.core.internal.projection.Projector;
import org.salus.core.op.ChainHead;
import org.salus.core.op.ChainReport;
import org.salus.core.op.OpEnvelope;
import org.salus.core.store.OpApplier;
import org.salus.store.h2.internal.FileKeyProvider;
import org.salus.store.h2.internal.H2ClinicStore;
import org.salus.store.h2.internal.H2StoreSettings;

/**
 * Checks a clinic store after a crash, the way a restart finds it: it opens the store (which itself refuses a damaged,
 * cut-short or tampered file), then checks that
 * <ul>
 * <li>every operation reported as committed is in the op log;</li>
 * <li>{@code verifyChain()} verifies the whole log;</li>
 * <li>the projections equal a replay of the op log, through the same projector, into a second store that this check
 * keeps ({@code replay}; each check appends the operations added since the last one, in each device's order, and
 * the append itself refuses any that does not continue the chain);</li>
 * <li>when asked, the projections equal what {@code rebuildProjections} makes of the op log in place.</li>
 * </ul>
 */
final class StoreCheck implements AutoCloseable {

    /** What one check found. */
    record Result(long ops, long lost, boolean chainOk, String chainProblem, boolean projectionsOk, String rebuild, String openFailure) {

        boolean ok() {
            return openFailure == null && lost == 0 && chainOk && projectionsOk;
        }

        @Override
        public String toString() {
            return openFailure != null ? "the store did not open: " + openFailure
                    : "ops=" + ops + " lost=" + lost + " chain=" + (chainOk ? "ok" : "BROKEN (" + chainProblem + ")") + " projections="
                            + (projectionsOk ? "ok" : "MISMATCH") + " rebuild=" + rebuild;
        }
    }

    private static final OpApplier PROJECTOR = new Projector();

    private final Path storeDir;
    /** Time spent opening the store after the kills so far: what a restart after a crash waits for. */
    long openNanos;
    private final H2ClinicStore replay;

    StoreCheck(Path storeDir, Path replayDir) throws Exception {
        this.storeDir = storeDir;
        Files.createDirectories(replayDir);
        this.replay = H2ClinicStore.open(H2StoreSettings.of(replayDir.resolve("clinic")).withDurability(H2StoreSettings.Durability.WRITE),
                new FileKeyProvider(replayDir.resolve("clinic.key")));
    }

    Result check(Set<String> reported, boolean fullRebuild) {
        LocalClinic clinic;
        try {
            long t0 = System.nanoTime();
            clinic = LocalClinic.open(storeDir, new SystemClinicClock());
            openNanos += System.nanoTime() - t0;
        } catch (Exception e) {
            return new Result(0, 0, false, null, false, "skipped", ChaosWriter.oneLine(e));
        }
        try (clinic) {
            Set<String> logged = clinic.store.read(tx -> {
                Set<String> ids = new HashSet<>();
                try (PreparedStatement ps = tx.connection().prepareStatement("SELECT op_id FROM op_log"); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            });
            long lost = reported.stream().filter(id -> !logged.contains(id)).count();
            ChainReport chain = clinic.audit.verifyChain(LocalClinic.AUDITOR);
            boolean chainOk = chain.intact() && chain.checkedOps() == logged.size();
            String live = clinic.projectionDigest();
            String replayed;
            try {
                replayed = replayUpTo(clinic);
            } catch (RuntimeException e) {
                replayed = "the replay failed: " + ChaosWriter.oneLine(e);
            }
            boolean projectionsOk = live.equals(replayed);
            String rebuild = "skipped";
            if (fullRebuild) {
                long rebuiltOps = clinic.rebuildProjections();
                boolean same = rebuiltOps == logged.size() && live.equals(clinic.projectionDigest());
                projectionsOk &= same;
                rebuild = same ? "ok" : "MISMATCH";
            }
            return new Result(logged.size(), lost, chainOk, chainOk ? null : ChaosWriter.oneLine(chain.firstProblem().orElse(null)),
                    projectionsOk, rebuild, null);
        }
    }

    /** Appends to the replay store what the live log holds beyond it, and returns the digest of its projections. */
    private String replayUpTo(LocalClinic clinic) {
        Map<String, Long> done = new HashMap<>();
        for (ChainHead h : replay.read(tx -> tx.opLog().chainHeads())) {
            done.put(h.deviceId(), h.seq());
        }
        for (ChainHead head : clinic.store.read(tx -> tx.opLog().chainHeads())) {
            long next = done.getOrDefault(head.deviceId(), 0L) + 1;
            while (next <= head.seq()) {
                long from = next;
                List<OpEnvelope> page = clinic.store.read(tx -> {
                    List<OpEnvelope> ops = new ArrayList<>();
                    tx.opLog().scanDevice(head.deviceId(), from, op -> {
                        ops.add(op);
                        return ops.size() < 1000;
                    });
                    return ops;
                });
                if (page.isEmpty()) {
                    return "device " + head.deviceId() + " has no operation " + from + " below its head " + head.seq();
                }
                replay.write(tx -> {
                    for (OpEnvelope op : page) {
                        tx.append(op);
                        PROJECTOR.apply(tx, op);
                    }
                    return null;
                });
                next = page.get(page.size() - 1).deviceSeq() + 1;
            }
        }
        return LocalClinic.projectionDigest(replay);
    }

    @Override
    public void close() {
        replay.close();
    }
}
