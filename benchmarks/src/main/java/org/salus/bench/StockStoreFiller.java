package org.salus.bench;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.salus.core.platform.ClinicClock;
import org.salus.demo.DemoClinic;
import org.salus.demo.DemoLoad;
import org.salus.demo.DemoLoader;
import org.salus.demo.DemoMedicine;
import org.salus.demo.DemoParameters;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.security.internal.SecurityService;
import org.salus.security.internal.SecuritySettings;
import org.salus.store.h2.internal.FileKeyProvider;

/**
 * Fills a workstation's clinic store before the workstation first starts, with the store's, the core's and the
 * security service's own code: {@code <data>/salus/clinic.mv.db} (where the workstation keeps its store for
 * {@code -data <data>}), encrypted with the store's key file {@code <data>/salus/clinic.key}, which the workstation's
 * secure storage adopts at its first start ({@code adoptKeyFile}, docs/security.md).
 * <p>
 * It holds N medicines (the WHO list repeated under numbered makers, each row its own GTIN) with M batches each, all
 * received through the commands by a pharmacist a year ago, so that today some have expired and some expire soon, as
 * in a working pharmacy; and the users {@code setup} (retired), {@code admin} and {@code pharmacist}.
 */
final class StockStoreFiller {

    static final String PHARMACIST = "pharmacist";
    /** Typed at the sign-in dialog: only characters {@link XInput} types. */
    static final String PASSWORD = "counting tablets 2026";
    /** The clinic id the workstation uses before it is enrolled (org.salus.core.device's default). */
    private static final String CLINIC = "unassigned";
    private static final String INITIAL = "bench initial password";

    private StockStoreFiller() {
    }

    /** The store's folder under a workstation's data folder. */
    static Path storeFolder(Path data) {
        return data.resolve("salus");
    }

    /** The store's key file under a workstation's data folder. */
    static Path keyFile(Path data) {
        return storeFolder(data).resolve("clinic.key");
    }

    /**
     * Fills the store of a workstation data folder; returns what was loaded.
     *
     * @param today the workstation's today (the data's expiry dates spread around it)
     */
    static DemoLoad fill(Path data, int medicines, int batchesPerMedicine, LocalDate today) throws Exception {
        Files.createDirectories(storeFolder(data));
        ZoneId zone = ZoneId.systemDefault();
        // receipts a year and a few days back: every batch was still in date when it came in
        Instant start = today.minusYears(1).minusDays(5).atTime(9, 0).atZone(zone).toInstant();
        ClinicClock yearAgo = clock(start, zone);
        DemoParameters params = new DemoParameters(42L, medicines, batchesPerMedicine, 0, 0, 0, today);
        DemoClinic demo = new DemoClinic(params, catalogue(medicines));
        DemoLoad load;
        try (LocalClinic clinic = LocalClinic.device(storeFolder(data), yearAgo, CLINIC, "")) {
            SecurityService security = new SecurityService(yearAgo, SecuritySettings.defaults());
            clinic.commands.bindAccessControl(security);
            SetupAccount setup = security.firstRun().orElseThrow(() -> new IllegalStateException("the new store already has users"));
            char[] otp = setup.oneTimePassword().clone();
            Session s = security.login(setup.username(), setup.oneTimePassword().clone());
            Session admin = security.changePassword(s.actor(), otp, (INITIAL + " admin").toCharArray());
            setup.wipe();
            security.createUser(admin.actor(), PHARMACIST, "Bench Pharmacist", Set.of("pharmacist"), INITIAL.toCharArray());
            security.logout(admin.actor());
            Session p = security.login(PHARMACIST, INITIAL.toCharArray());
            p = security.changePassword(p.actor(), INITIAL.toCharArray(), PASSWORD.toCharArray());
            DemoLoader loader = new DemoLoader(clinic.commands, p.actor(), yearAgo.today());
            loader.registerMedicines(demo.medicines());
            loader.receiveBatches(demo.batches());
            security.logout(p.actor());
            // the audit index the store keeps beside the op log, brought up to date as the workstation would in the background
            clinic.store.catchUpAuditIndex();
            load = loader.summary();
        }
        // a file as the workstation keeps it once it has compacted (a thousand commits leave H2 chunks mostly dead)
        try (Connection c = LocalClinic.rawConnection(storeFolder(data).resolve("clinic"), new FileKeyProvider(keyFile(data)), true);
                Statement st = c.createStatement()) {
            st.execute("SHUTDOWN COMPACT");
        }
        return load;
    }

    /** N medicines: the WHO list, then again under numbered makers, so names repeat as they do in a real catalogue. */
    static List<DemoMedicine> catalogue(int n) throws Exception {
        List<DemoMedicine> who = DemoClinic.whoEssentialMedicines();
        StringBuilder csv = new StringBuilder("inn,form,strength,unit,critical,reorderLevel\n");
        for (int i = 0; i < n; i++) {
            DemoMedicine m = who.get(i % who.size());
            int maker = i / who.size();
            csv.append(maker == 0 ? m.innName() : m.innName() + " (maker " + maker + ")").append(',').append(m.form()).append(',')
                    .append(m.strength()).append(',').append(m.unit()).append(',').append(m.critical()).append(',')
                    .append(m.reorderLevel()).append('\n');
        }
        return DemoClinic.readMedicines(new StringReader(csv.toString()), String.format(Locale.ROOT, "%d bench medicines", n));
    }

    private static ClinicClock clock(Instant start, ZoneId zone) {
        long t0 = System.nanoTime();
        return new ClinicClock() {
            @Override
            public Instant now() {
                return start.plusNanos(System.nanoTime() - t0);
            }

            @Override
            public ZoneId zone() {
                return zone;
            }
        };
    }
}
