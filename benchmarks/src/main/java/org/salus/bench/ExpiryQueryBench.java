package org.salus.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

import org.salus.core.op.UuidV7;
import org.salus.core.platform.ClinicClock;
import org.salus.demo.DemoBatch;
import org.salus.demo.DemoClinic;
import org.salus.demo.DemoLoader;
import org.salus.demo.DemoParameters;
import org.salus.model.inventory.StockBatch;

/**
 * {@code benchmarks/run expiry-query [--batches N] [--queries N] [--limit N] [--commands 0|1]}: latency of "batches
 * expiring before X" ({@code ClinicQueries.batchesExpiringBefore(X, limit)}, soonest first) over N demo batches
 * (default 1,000,000) held in stock, X drawn at random across the batches' expiry range.
 * <p>
 * The medicines are registered through the commands. The batches come from the demo generator and are by default
 * written straight into the stock_batch projection in transactions of 20,000 rows (ids, lots, locations, expiries and
 * quantities as the commands would write them; the op log does not hold them, which the query never reads): two
 * million operations through the commands take far longer than the query benchmark should. {@code --commands 1}
 * records them through {@code executeAll} instead (1,000 receipts per transaction). The load time is reported apart.
 * <p>
 * The baseline is the same SQL on the same table through plain JDBC without the service layer: prepared once on one of
 * the store's read connections, every column of every row read, no model objects. The two alternate in blocks of
 * queries, so that both meet the same neighbours on the machine.
 */
public final class ExpiryQueryBench {

    private static final String SQL = "SELECT id, medicine_id, lot, expiry, location, quantity_on_hand FROM stock_batch"
            + " WHERE in_stock = TRUE AND expiry < ? ORDER BY in_stock, expiry, id FETCH FIRST ? ROWS ONLY";

    private ExpiryQueryBench() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.of(args, "batches", "queries", "limit", "commands");
        boolean throughCommands = flags.integer("commands", 0) == 1;
        long batches = flags.number("batches", 1_000_000);
        int queries = flags.integer("queries", 50_000);
        int limit = flags.integer("limit", 100);
        int medicines = (int) Math.min(125, batches);
        DemoParameters params = new DemoParameters(42L, medicines, (int) Math.max(1, batches / medicines), 0, 0, 150,
                DemoParameters.DEFAULT_AS_OF);
        DemoClinic demo = new DemoClinic(params);
        // a year before the first receipt: no batch has expired, so every one is received and in stock
        ClinicClock clock = LocalClinic.clockFrom(params.asOf().minusYears(1));
        Path dir = Files.createTempDirectory("salus-bench-expiry");
        try {
            double[] service = new double[queries];
            double[] raw = new double[queries];
            try (LocalClinic clinic = LocalClinic.open(dir.resolve("store"), clock)) {
                long t0 = System.nanoTime();
                DemoLoader loader = new DemoLoader(clinic.commands, LocalClinic.PHARMACIST, clock.today());
                loader.registerMedicines(demo.medicines());
                long loaded;
                if (throughCommands) {
                    loader.receiveBatches(demo.batches());
                    loaded = loader.summary().batches();
                } else {
                    loaded = writeBatches(clinic, demo, loader);
                }
                double loadSeconds = (System.nanoTime() - t0) / 1e9;
                LocalDate first = clinic.queries.batchesExpiringBefore(LocalClinic.PHARMACIST, LocalDate.MAX, 1).get(0).getExpiry();
                LocalDate last = demo.batches().map(DemoBatch::expiry).max(LocalDate::compareTo).orElseThrow();
                System.out.printf("expiry-query: %d batches in stock, loaded %s in %.0f s; op log %d operations; expiries %s to %s;"
                        + " limit %d%n", loaded, throughCommands ? "through the commands" : "straight into the projection",
                        loadSeconds, clinic.ops(), first, last, limit);
                Figures.print("expiry-query-load", loadSeconds, "s");
                long days = ChronoUnit.DAYS.between(first, last) + 1;
                int warmup = Math.max(1000, queries / 5);
                SplittableRandom warm = new SplittableRandom(1);
                for (int i = 0; i < warmup; i++) {
                    clinic.queries.batchesExpiringBefore(LocalClinic.PHARMACIST, first.plusDays(warm.nextLong(days)), limit);
                }
                rawBlock(clinic, new double[warmup], 0, warmup, warm, first, days, limit);
                SplittableRandom serviceDates = new SplittableRandom(2);
                SplittableRandom rawDates = new SplittableRandom(2);
                long rows = 0;
                int block = 500;
                for (int from = 0; from < queries; from += block) {
                    int to = Math.min(queries, from + block);
                    for (int i = from; i < to; i++) {
                        LocalDate x = first.plusDays(serviceDates.nextLong(days));
                        long q0 = System.nanoTime();
                        List<StockBatch> found = clinic.queries.batchesExpiringBefore(LocalClinic.PHARMACIST, x, limit);
                        service[i] = (System.nanoTime() - q0) / 1e6;
                        rows += found.size();
                    }
                    rawBlock(clinic, raw, from, to, rawDates, first, days, limit);
                }
                System.out.printf("%d queries each way in blocks of %d, %.1f rows each on average%n", queries, block, (double) rows / queries);
            }
            System.out.printf("service p90 %.2f ms, p99.9 %.2f ms, max %.2f ms; raw p90 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
                    Figures.percentile(service, 90), Figures.percentile(service, 99.9), Figures.percentile(service, 100),
                    Figures.percentile(raw, 90), Figures.percentile(raw, 99.9), Figures.percentile(raw, 100));
            Figures.print("expiry-query-p50", Figures.percentile(service, 50), "ms", Figures.percentile(raw, 50));
            Figures.print("expiry-query-p99", Figures.percentile(service, 99), "ms", Figures.percentile(raw, 99));
        } finally {
            LocalClinic.deleteDirectory(dir);
        }
    }

    /** Writes the demo's batches straight into the stock_batch projection, as received and not yet dispensed. */
    private static long writeBatches(LocalClinic clinic, DemoClinic demo, DemoLoader loader) {
        UuidV7 ids = new UuidV7();
        Iterator<DemoBatch> it = demo.batches().iterator();
        long written = 0;
        while (it.hasNext()) {
            written += clinic.store.write(tx -> {
                int n = 0;
                try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO stock_batch (id, medicine_id, lot, expiry,"
                        + " location, quantity_on_hand, in_stock) VALUES (?, ?, ?, ?, ?, ?, TRUE)")) {
                    while (it.hasNext() && n < 20_000) {
                        DemoBatch b = it.next();
                        ps.setString(1, ids.nextString());
                        ps.setString(2, loader.medicineId(b.medicineGtin()).orElseThrow());
                        ps.setString(3, b.lot());
                        ps.setObject(4, b.expiry());
                        ps.setString(5, b.location());
                        ps.setInt(6, b.quantityReceived());
                        ps.addBatch();
                        if (++n % 1000 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                return n;
            });
        }
        return written;
    }

    /** Queries i from..to-1 as plain SQL on one of the store's read connections, prepared once. */
    private static void rawBlock(LocalClinic clinic, double[] samples, int from, int to, SplittableRandom dates, LocalDate first,
            long days, int limit) {
        clinic.store.read(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(SQL)) {
                for (int i = from; i < to; i++) {
                    LocalDate x = first.plusDays(dates.nextLong(days));
                    long q0 = System.nanoTime();
                    run(ps, x, limit);
                    samples[i] = (System.nanoTime() - q0) / 1e6;
                }
            }
            return null;
        });
    }

    private static int run(PreparedStatement ps, LocalDate before, int limit) throws SQLException {
        ps.setObject(1, before);
        ps.setInt(2, limit);
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rs.getString(1);
                rs.getString(2);
                rs.getString(3);
                rs.getObject(4, LocalDate.class);
                rs.getString(5);
                rs.getInt(6);
                n++;
            }
        }
        return n;
    }
}
