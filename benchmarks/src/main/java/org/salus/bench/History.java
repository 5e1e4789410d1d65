package org.salus.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;

import org.salus.core.platform.ClinicClock;
import org.salus.demo.DemoClinic;
import org.salus.demo.DemoLoad;
import org.salus.demo.DemoLoader;
import org.salus.demo.DemoParameters;

/**
 * A demo clinic with history, recorded through the commands into a store of its own: 100 medicines, 800 batches,
 * 2,000 patients and as much of three years of dispensing (150 a weekday) as makes the op log about {@code ops} long.
 */
final class History {

    private History() {
    }

    static LocalClinic load(Path dir, long ops) throws Exception {
        DemoParameters params = new DemoParameters(42L, 100, 8, 2_000, 3, 150, DemoParameters.DEFAULT_AS_OF);
        // a year before the first receipt, so every batch is received and every dispensing replayed
        ClinicClock clock = LocalClinic.clockFrom(params.asOf().minusYears(params.years() + 1));
        LocalClinic clinic = LocalClinic.open(dir, clock);
        try {
            DemoClinic demo = new DemoClinic(params);
            long t0 = System.nanoTime();
            DemoLoader loader = new DemoLoader(clinic.commands, LocalClinic.PHARMACIST, clock.today());
            loader.registerMedicines(demo.medicines());
            loader.receiveBatches(demo.batches());
            loader.registerPatients(demo.patients());
            long before = loader.summary().operations();
            loader.replayDispenses(demo.dispenses().limit(Math.max(0, ops - before)));
            DemoLoad load = loader.summary();
            System.out.printf("history: %d operations (%d medicines, %d batches, %d patients, %d dispensings) recorded in %.0f s%n",
                    load.operations(), load.medicines(), load.batches(), load.patients(), load.dispenses(), (System.nanoTime() - t0) / 1e9);
            return clinic;
        } catch (Exception | Error e) {
            clinic.close();
            throw e;
        }
    }

    /**
     * The baseline of the log benchmarks: every column of every op-log row read in append order through plain JDBC,
     * in the store's own read transaction.
     *
     * @return rows read per second
     */
    static double scanRate(LocalClinic clinic) {
        return clinic.store.read(tx -> {
            Connection c = tx.connection();
            long t0 = System.nanoTime();
            long rows = 0;
            long values = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM op_log ORDER BY pos"); ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        values += v == null ? 0 : 1;
                    }
                    rows++;
                }
            }
            if (values == 0) {
                throw new IllegalStateException("the op log is empty");
            }
            return rows / ((System.nanoTime() - t0) / 1e9);
        });
    }
}
