package org.salus.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.salus.core.command.Command;
import org.salus.core.command.CommandResult;
import org.salus.core.command.Dispense;
import org.salus.core.command.ReceiveStock;
import org.salus.core.op.OpEnvelope;
import org.salus.core.platform.ClinicClock;
import org.salus.demo.DemoClinic;
import org.salus.demo.DemoLoader;
import org.salus.demo.DemoMedicine;
import org.salus.demo.DemoParameters;
import org.salus.demo.DemoPatient;

/**
 * {@code benchmarks/run dispense [--ops N] [--rounds N] [--warmup N]}: durable dispensings per second through
 * {@code ClinicCommands} (validation, first-expired-first-out pick, op log, chain head, projections, one commit and the
 * store's default SYNC durability) on a demo clinic of 100 medicines, 800 batches and 2,000 patients.
 * <p>
 * The baseline is a raw insert of an equally sized row (the dispensing's op-log row) into another encrypted H2 file of
 * the same directory, same driver and same durability: commit, then {@code CHECKPOINT SYNC}, per row; the file is
 * encrypted by H2 itself ({@code CIPHER=AES}), raw H2 as it ships. A second baseline ({@code dispense-vs-store-cipher})
 * writes the same rows through the store's own file encryption, the same format with the JDK's AES (ADR 0024).
 * The two alternate in short rounds of N operations each, so that both meet the same disk and the same neighbours;
 * each figure is its operations over its time summed over all rounds. The CPU time per operation of the measuring
 * thread is printed too: unlike the rates, it hardly depends on what else the machine does.
 */
public final class DispenseBench {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private DispenseBench() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.of(args, "ops", "rounds", "warmup");
        int ops = flags.integer("ops", 100);
        int rounds = flags.integer("rounds", 30);
        int warmup = flags.integer("warmup", 1000);
        Path dir = Files.createTempDirectory("salus-bench-dispense");
        try {
            DemoParameters params = new DemoParameters(42L, 100, 8, 2_000, 0, 150, DemoParameters.DEFAULT_AS_OF);
            ClinicClock clock = LocalClinic.clockFrom(params.asOf());
            try (LocalClinic clinic = LocalClinic.open(dir.resolve("store"), clock)) {
                DemoClinic demo = new DemoClinic(params);
                DemoLoader loader = new DemoLoader(clinic.commands, LocalClinic.PHARMACIST, clock.today());
                loader.load(demo);
                List<String> medicines = new ArrayList<>();
                List<Command> deepLots = new ArrayList<>();
                for (DemoMedicine m : demo.medicines()) {
                    String id = loader.medicineId(m.gtin()).orElseThrow();
                    medicines.add(id);
                    // one deep lot per medicine, expiring last, so the measured dispensings never run out
                    deepLots.add(new ReceiveStock(id, "BENCH-" + medicines.size(), params.asOf().plusYears(5), "PHARMACY-A", 1_000_000));
                }
                clinic.commands.executeAll(LocalClinic.PHARMACIST, deepLots);
                List<String> patients = demo.patients().map(DemoPatient::identifier).map(p -> loader.patientId(p).orElseThrow()).toList();
                SplittableRandom random = new SplittableRandom(7);

                int rowChars = rowChars(dispense(clinic, medicines, patients, random).operations().get(0));
                try (Raw raw = new Raw(LocalClinic.stockH2Connection(dir.resolve("raw"), clinic.keys, false), rowChars);
                        Raw sameCipher = new Raw(LocalClinic.rawConnection(dir.resolve("raw-salusaes"), clinic.keys, false), rowChars)) {
                    for (int i = 0; i < warmup; i++) {
                        dispense(clinic, medicines, patients, random);
                        raw.insert();
                        sameCipher.insert();
                    }
                    clinic.store.catchUpAuditIndex();
                    int[] trees = probeBTrees(clinic, raw, medicines, patients, random);
                    double[] service = new double[rounds];
                    double[] baseline = new double[rounds];
                    double[] sameCipherRates = new double[rounds];
                    long serviceNanos = 0;
                    long rawNanos = 0;
                    long sameCipherNanos = 0;
                    long serviceCpu = 0;
                    long rawCpu = 0;
                    long serviceBytes = 0;
                    long rawBytes = 0;
                    for (int r = 0; r < rounds; r++) {
                        long w0 = bytesWritten();
                        long c0 = CPU.getCurrentThreadCpuTime();
                        long t0 = System.nanoTime();
                        for (int i = 0; i < ops; i++) {
                            dispense(clinic, medicines, patients, random);
                        }
                        // the audit index the store fills in the background after the commits is part of the cost
                        clinic.store.catchUpAuditIndex();
                        long t1 = System.nanoTime();
                        service[r] = ops / ((t1 - t0) / 1e9);
                        serviceNanos += t1 - t0;
                        long c1 = CPU.getCurrentThreadCpuTime();
                        long w1 = bytesWritten();
                        t0 = System.nanoTime();
                        for (int i = 0; i < ops; i++) {
                            raw.insert();
                        }
                        t1 = System.nanoTime();
                        baseline[r] = ops / ((t1 - t0) / 1e9);
                        rawNanos += t1 - t0;
                        serviceCpu += c1 - c0;
                        rawCpu += CPU.getCurrentThreadCpuTime() - c1;
                        serviceBytes += w1 - w0;
                        rawBytes += bytesWritten() - w1;
                        t0 = System.nanoTime();
                        for (int i = 0; i < ops; i++) {
                            sameCipher.insert();
                        }
                        t1 = System.nanoTime();
                        sameCipherRates[r] = ops / ((t1 - t0) / 1e9);
                        sameCipherNanos += t1 - t0;
                    }
                    System.out.printf("dispense: %d rounds of %d after %d warm-up; row %d characters; median round %.0f ops/s service,"
                            + " %.0f ops/s raw; CPU per operation (this thread) %.2f ms service, %.2f ms raw%n", rounds, ops, warmup,
                            rowChars, Figures.median(service), Figures.median(baseline), serviceCpu / 1e6 / rounds / ops,
                            rawCpu / 1e6 / rounds / ops);
                    if (serviceBytes > 0) {
                        System.out.printf("dispense: written per operation %.1f KB service, %.1f KB raw%n", serviceBytes / 1024.0 / rounds / ops,
                                rawBytes / 1024.0 / rounds / ops);
                    }
                    double total = (double) rounds * ops;
                    System.out.printf("dispense: median round of raw rows through the store's own file encryption %.0f ops/s%n",
                            Figures.median(sameCipherRates));
                    Figures.print("dispense", total / (serviceNanos / 1e9), "ops/s", total / (rawNanos / 1e9));
                    // the stricter comparison: the raw row also gets the store's faster encryption (ADR 0024)
                    Figures.print("dispense-vs-store-cipher", total / (serviceNanos / 1e9), "ops/s", total / (sameCipherNanos / 1e9));
                    if (trees != null) {
                        Figures.print("dispense-btrees", trees[0], "B-trees", trees[1]);
                    }
                }
            }
        } finally {
            LocalClinic.deleteDirectory(dir);
        }
    }

    /**
     * Which B-trees one dispensing's commit writes, against one raw insert's; printed by name, returned as counts (null
     * when H2's engine cannot be reached).
     */
    private static int[] probeBTrees(LocalClinic clinic, Raw raw, List<String> medicines, List<String> patients, SplittableRandom random)
            throws Exception {
        try {
            BTreeProbe service = new BTreeProbe(clinic.store.write(tx -> tx.connection()));
            BTreeProbe baseline = new BTreeProbe(raw.c);
            Map<String, String> before = service.roots();
            Map<String, String> chunksBefore = service.chunks();
            dispense(clinic, medicines, patients, random);
            List<String> dispensing = service.changed(before, service.roots());
            System.out.println("dispense: one dispensing's chunks: " + BTreeProbe.added(chunksBefore, service.chunks()));
            before = baseline.roots();
            chunksBefore = baseline.chunks();
            raw.insert();
            List<String> row = baseline.changed(before, baseline.roots());
            System.out.println("dispense: one raw row's chunks: " + BTreeProbe.added(chunksBefore, baseline.chunks()));
            System.out.println("dispense: one dispensing's commit writes " + dispensing.size() + " B-trees: " + String.join(", ", dispensing));
            System.out.println("dispense: one raw row's commit writes " + row.size() + " B-trees: " + String.join(", ", row));
            // the indexer's batch, for the record (it runs after the commits, a batch at a time)
            before = service.roots();
            for (int i = 0; i < 10; i++) {
                dispense(clinic, medicines, patients, random);
            }
            Map<String, String> afterCommits = service.roots();
            clinic.store.catchUpAuditIndex();
            List<String> indexer = service.changed(afterCommits, service.roots());
            System.out.println("dispense: the audit indexer's batch writes " + indexer.size() + " B-trees: " + String.join(", ", indexer));
            return new int[] {dispensing.size(), row.size()};
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.out.println("dispense: B-trees not probed (" + e + ")");
            return null;
        }
    }

    private static CommandResult dispense(LocalClinic clinic, List<String> medicines, List<String> patients, SplittableRandom random) {
        String medicine = medicines.get(random.nextInt(medicines.size()));
        String patient = patients.get(random.nextInt(patients.size()));
        return clinic.commands.execute(LocalClinic.PHARMACIST, new Dispense(medicine, 1 + random.nextInt(20), null, null, patient));
    }

    /** Characters of an op-log row: every text column, and the numbers and times as their text. */
    static int rowChars(OpEnvelope op) {
        return op.opId().length() + op.clinicId().length() + op.deviceId().length() + op.userId().length() + op.entityType().length()
                + op.entityId().length() + op.opType().length() + Long.toString(op.deviceSeq()).length() + op.hlc().length()
                + op.deviceTime().toString().length() + 1 + op.payload().length() + op.prevHash().length() + op.hash().length() + 1;
    }

    /** The baseline: one row per transaction, committed and forced to the disk as the store does it. */
    private static final class Raw implements AutoCloseable {
        final Connection c;
        private final PreparedStatement insert;
        private final Statement sync;
        private final String body;
        private long next;

        Raw(Connection c, int rowChars) throws Exception {
            this.c = c;
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE raw_row (id VARCHAR(36) PRIMARY KEY, body VARCHAR(100000) NOT NULL)");
            }
            c.setAutoCommit(false);
            this.insert = c.prepareStatement("INSERT INTO raw_row (id, body) VALUES (?, ?)");
            this.sync = c.createStatement();
            this.body = "x".repeat(Math.max(1, rowChars - 36));
        }

        void insert() throws Exception {
            insert.setString(1, String.format("%036d", next++));
            insert.setString(2, body);
            insert.executeUpdate();
            c.commit();
            sync.execute("CHECKPOINT SYNC");
        }

        @Override
        public void close() throws Exception {
            c.close();
        }
    }

    /** Bytes this process has handed to write calls so far (Linux {@code /proc/self/io}), or 0 where that is not readable. */
    private static long bytesWritten() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/io"))) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or not readable: the figure is left out
        }
        return 0;
    }
}
