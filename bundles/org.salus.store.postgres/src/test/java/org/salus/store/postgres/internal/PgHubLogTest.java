package org.salus.store.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.salus.core.op.Hlc;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.core.op.UuidV7;
import org.salus.sync.hub.AppendResult;
import org.salus.sync.hub.HubPage;
import org.salus.sync.wire.Reject;
import org.salus.sync.wire.RejectReason;

/** Against the PostgreSQL at 127.0.0.1:5432 (trust authentication, database test), each test in a schema of its own. */
@EnabledIfSystemProperty(named = "salus.external.postgres", matches = "true")
class PgHubLogTest {

    private static final UuidV7 IDS = new UuidV7();
    private PgHubLogSettings settings;

    /** Schemas that earlier runs (these tests, the OSGi sync tests) left in the shared test database. */
    @BeforeAll
    static void dropOldTestSchemas() throws Exception {
        PgHubLogSettings any = new PgHubLogSettings("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", "public", 1);
        try (Connections c = new Connections(any); Connection conn = c.open(); Statement s = conn.createStatement()) {
            List<String> old = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'salus\\_hub\\_it\\_%'")) {
                while (rs.next()) {
                    old.add(rs.getString(1));
                }
            }
            for (String schema : old) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
            conn.commit();
        }
    }

    @BeforeEach
    void schema() {
        settings = new PgHubLogSettings("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "",
                "salus_hub_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL), 10);
    }

    @AfterEach
    void dropSchema() throws Exception {
        try (Connections c = new Connections(settings); Connection conn = c.open(); Statement s = conn.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + settings.schema() + " CASCADE");
            conn.commit();
        }
    }

    /** A device's real hash chain. */
    static final class Chain {
        private final String clinic;
        private final String device;
        private long seq;
        private String prev = OpHashes.GENESIS;

        Chain(String clinic, String device) {
            this.clinic = clinic;
            this.device = device;
        }

        List<OpEnvelope> next(int n) {
            List<OpEnvelope> ops = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                seq++;
                long ms = 1_767_225_600_000L + seq;
                OpEnvelope op = new OpEnvelope(IDS.nextString(), clinic, device, "u", "StockMovement", device + "-" + seq, "stock.dispense", seq,
                        new Hlc(ms, 0, "00000000000000d4").toString(), Instant.ofEpochMilli(ms), 1, "{\"delta\":\"-" + seq + "\"}", prev, null, 0,
                        null).sealed();
                prev = op.hash();
                ops.add(op);
            }
            return ops;
        }
    }

    @Test
    void aChainIsStoredOnceInServerOrderAndRefusalsKeepTheHead() throws Exception {
        Chain a1 = new Chain("A", "dev-a1");
        List<OpEnvelope> ops = a1.next(5);
        try (PgHubLog log = PgHubLog.open(settings)) {
            AppendResult r = log.append("A", "dev-a1", ops.subList(0, 3));
            assertEquals(List.of(1L, 2L, 3L), r.accepted().stream().map(OpEnvelope::serverSeq).toList());
            AppendResult again = log.append("A", "dev-a1", ops.subList(0, 3));
            assertEquals(3, again.duplicates());
            assertEquals(0, again.accepted().size());
            AppendResult bad = log.append("A", "dev-a1", List.of(ops.get(3).withHash("1".repeat(64)), ops.get(4)));
            assertEquals(List.of(RejectReason.BAD_HASH, RejectReason.SEQ_GAP), bad.rejects().stream().map(Reject::reason).toList());
            assertEquals(3, bad.ackedDeviceSeq());
            assertEquals(List.of(RejectReason.WRONG_CLINIC),
                    log.append("B", "dev-a1", new Chain("B", "dev-a1").next(1)).rejects().stream().map(Reject::reason).toList());
            assertEquals(5, log.append("A", "dev-a1", ops.subList(3, 5)).ackedDeviceSeq());

            HubPage p = log.page("A", 2, 2);
            assertEquals(List.of(3L, 4L), p.ops().stream().map(OpEnvelope::serverSeq).toList());
            assertTrue(p.more());
            assertEquals(ops.get(2).hash(), p.ops().get(0).hash());
            assertTrue(OpHashes.hashMatches(p.ops().get(0)));
            assertFalse(log.page("A", 4, 2).more());
            assertEquals(5, log.deviceHead("dev-a1").seq());
        }
        try (PgHubLog reopened = PgHubLog.open(settings)) {
            assertEquals(5, reopened.page("A", 0, 100).ops().size(), "migrations run once; the data stays");
        }
    }

    /** The same check as the H2 log's: a concurrent puller never skips an operation that commits late. */
    @Test
    void aConcurrentPullerNeverSkipsAnOperationThatCommitsLate() throws Exception {
        int devices = 6;
        int batches = 40;
        int perBatch = 5;
        try (PgHubLog log = PgHubLog.open(settings)) {
            ExecutorService pool = Executors.newFixedThreadPool(devices + 2);
            AtomicBoolean pushing = new AtomicBoolean(true);
            List<Future<?>> pushers = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                String device = "dev-" + d;
                String clinic = d < devices - 1 ? "A" : "B";
                pushers.add(pool.submit(() -> {
                    Chain chain = new Chain(clinic, device);
                    for (int b = 0; b < batches; b++) {
                        AppendResult r = log.append(clinic, device, chain.next(perBatch));
                        assertEquals(perBatch, r.accepted().size(), r.rejects().toString());
                    }
                    return null;
                }));
            }
            Future<List<OpEnvelope>> puller = pool.submit(() -> {
                List<OpEnvelope> seen = new ArrayList<>();
                long cursor = 0;
                while (true) {
                    boolean stillPushing = pushing.get();
                    HubPage page = log.page("A", cursor, 7);
                    for (OpEnvelope op : page.ops()) {
                        assertEquals(cursor + 1, op.serverSeq(), "after serverSeq " + cursor + " the puller saw " + op.serverSeq());
                        cursor = op.serverSeq();
                        seen.add(op);
                    }
                    if (!stillPushing && page.ops().isEmpty()) {
                        return seen;
                    }
                }
            });
            for (Future<?> f : pushers) {
                f.get(5, TimeUnit.MINUTES);
            }
            pushing.set(false);
            List<OpEnvelope> seen = puller.get(5, TimeUnit.MINUTES);
            pool.shutdown();
            assertEquals((devices - 1) * batches * perBatch, seen.size());
            Map<String, Long> lastSeq = new HashMap<>();
            for (OpEnvelope op : seen) {
                assertEquals(lastSeq.getOrDefault(op.deviceId(), 0L) + 1, op.deviceSeq());
                lastSeq.put(op.deviceId(), op.deviceSeq());
            }
            assertEquals(batches * perBatch, log.page("B", 0, 1000).ops().size());
        }
    }

    /** Two hub instances on one database: two first pushes of one device at once store its chain once. */
    @Test
    void twoHubInstancesRacingOnOneDeviceStoreItsChainOnce() throws Exception {
        List<OpEnvelope> ops = new Chain("A", "dev-race").next(3);
        try (PgHubLog first = PgHubLog.open(settings); PgHubLog second = PgHubLog.open(settings)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<AppendResult> x = pool.submit(() -> first.append("A", "dev-race", ops));
            Future<AppendResult> y = pool.submit(() -> second.append("A", "dev-race", ops));
            AppendResult rx = x.get(1, TimeUnit.MINUTES);
            AppendResult ry = y.get(1, TimeUnit.MINUTES);
            pool.shutdown();
            assertEquals(3, rx.accepted().size() + ry.accepted().size());
            assertEquals(3, rx.duplicates() + ry.duplicates());
            assertEquals(3, first.page("A", 0, 10).ops().size());
        }
    }
}
