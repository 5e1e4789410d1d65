package org.salus.demo.internal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import org.salus.demo.DemoBatch;
import org.salus.demo.DemoDispense;
import org.salus.demo.DemoMedicine;
import org.salus.demo.DemoParameters;
import org.salus.demo.DemoPatient;

/**
 * Makes each record from the seed and its own index alone, so batches and patients can be streamed in any number,
 * and dispensings are drawn day by day from the batches on the shelf that day.
 */
public final class Generator {

    private static final String[] LOCATIONS = {"PHARMACY-A", "PHARMACY-B", "WARD-1", "WARD-2", "MATERNITY", "OPD-STORE"};
    private static final double[] LOCATION_SHARE = {0.45, 0.15, 0.12, 0.08, 0.08, 0.12};
    // Batch k of a medicine arrives in the k-th of n equal slices of [history start - LEAD_IN_DAYS, asOf).
    private static final int LEAD_IN_DAYS = 90;
    // How many of the most recently received batches a dispensing looks at, first-expiry-first-out.
    private static final int SHELF_WINDOW = 24;

    private final DemoParameters p;
    private final List<DemoMedicine> medicines;
    private final Usage[] usage;
    private final double[] dailyRate;
    private final LocalDate historyStart;
    private final LocalDate firstReceipt;
    private final long receiptSpanDays;

    public Generator(DemoParameters parameters, List<DemoMedicine> medicines) {
        this.p = parameters;
        this.medicines = List.copyOf(medicines);
        this.usage = new Usage[medicines.size()];
        this.dailyRate = new double[medicines.size()];
        double weightSum = 0;
        for (int m = 0; m < medicines.size(); m++) {
            usage[m] = Usage.of(medicines.get(m));
            weightSum += Math.max(1, medicines.get(m).reorderLevel());
        }
        for (int m = 0; m < medicines.size(); m++) {
            dailyRate[m] = p.dailyDispenses() * Math.max(1, medicines.get(m).reorderLevel()) / weightSum;
        }
        this.historyStart = p.asOf().minusYears(p.years());
        this.firstReceipt = historyStart.minusDays(LEAD_IN_DAYS);
        this.receiptSpanDays = ChronoUnit.DAYS.between(firstReceipt, p.asOf());
    }

    public LocalDate historyStart() {
        return historyStart;
    }

    public List<DemoMedicine> medicines() {
        return medicines;
    }

    /** Batch k (0-based, in order of receipt) of medicine m. */
    public DemoBatch batch(int m, int k) {
        int n = p.batchesPerMedicine();
        if (m < 0 || m >= medicines.size() || k < 0 || k >= n) {
            throw new IndexOutOfBoundsException("batch " + k + " of medicine " + m + ": there are " + medicines.size()
                    + " medicines with " + n + " batches each");
        }
        SplittableRandom r = Seeds.random(p.seed(), Seeds.BATCH, m, k);
        LocalDate received = firstReceipt.plusDays((long) ((k + r.nextDouble()) * receiptSpanDays / n));
        String lot = "" + (char) ('A' + r.nextInt(26)) + (char) ('A' + r.nextInt(26)) + String.format(Locale.ROOT, "%03d-%d", m, k);
        String location = LOCATIONS[pick(LOCATION_SHARE, r.nextDouble())];
        LocalDate expiry = expiry(received, r);
        Usage u = usage[m];
        double expectedUnits = dailyRate[m] * Usage.meanWeekday() * u.meanQuantity() * receiptSpanDays / n;
        int packs = (int) Math.ceil(expectedUnits * (1.2 + 0.6 * r.nextDouble()) / u.packSize());
        int quantity = (int) Math.min(Integer.MAX_VALUE, (long) Math.max(1, packs) * u.packSize());
        return new DemoBatch(lot, medicines.get(m).gtin(), location, received, expiry, quantity);
    }

    // Spread around asOf: 8 % already expired, 4 % within 30 days, 8 % within 31-90 days, the rest later.
    private LocalDate expiry(LocalDate received, SplittableRandom r) {
        LocalDate asOf = p.asOf();
        LocalDate earliest = received.plusDays(60);
        double bucket = r.nextDouble();
        LocalDate lo;
        LocalDate hi;
        if (bucket < 0.08) {
            lo = asOf.minusDays(365);
            hi = asOf.minusDays(1);
        } else if (bucket < 0.12) {
            lo = asOf;
            hi = asOf.plusDays(30);
        } else if (bucket < 0.20) {
            lo = asOf.plusDays(31);
            hi = asOf.plusDays(90);
        } else {
            lo = asOf.plusDays(91);
            hi = asOf.plusDays(3 * 365);
        }
        if (hi.isBefore(earliest)) {
            // Too short a shelf life for this bucket: the batch falls in the "later" bucket instead.
            lo = asOf.plusDays(91);
            hi = asOf.plusDays(3 * 365);
        }
        if (lo.isBefore(earliest)) {
            lo = earliest;
        }
        return lo.plusDays(r.nextLong(ChronoUnit.DAYS.between(lo, hi) + 1));
    }

    /** Patient i (0-based). */
    public DemoPatient patient(int i) {
        if (i < 0 || i >= p.patients()) {
            throw new IndexOutOfBoundsException("patient " + i + ": there are " + p.patients());
        }
        SplittableRandom r = Seeds.random(p.seed(), Seeds.PATIENT, i, 0);
        double s = r.nextDouble();
        DemoPatient.Sex sex = s < 0.505 ? DemoPatient.Sex.FEMALE : s < 0.99 ? DemoPatient.Sex.MALE
                : s < 0.995 ? DemoPatient.Sex.OTHER : DemoPatient.Sex.UNKNOWN;
        List<String> givenNames = switch (sex) {
            case FEMALE -> Names.FEMALE;
            case MALE -> Names.MALE;
            default -> r.nextBoolean() ? Names.FEMALE : Names.MALE;
        };
        String given = givenNames.get(r.nextInt(givenNames.size()));
        String family = Names.FAMILY.get(r.nextInt(Names.FAMILY.size()));
        double a = r.nextDouble();
        int age = a < 0.14 ? r.nextInt(5) : a < 0.34 ? 5 + r.nextInt(13) : a < 0.88 ? 18 + r.nextInt(47) : 65 + r.nextInt(31);
        LocalDate birth = p.asOf().minusYears(age).minusDays(r.nextInt(365));
        // 555-0100 to 555-0199 is kept for fiction, so no real person is ever called.
        String phone = String.format(Locale.ROOT, "+1 555-01%02d", r.nextInt(100));
        String address = (1 + r.nextInt(250)) + " " + Names.STREETS.get(r.nextInt(Names.STREETS.size())) + ", "
                + Names.TOWNS.get(r.nextInt(Names.TOWNS.size()));
        return new DemoPatient(String.format(Locale.ROOT, "MRN-%07d", i + 1), given, family, birth, sex, phone, address);
    }

    public Iterator<DemoBatch> batches() {
        return new Iterator<>() {
            int m;
            int k;

            @Override
            public boolean hasNext() {
                return m < medicines.size();
            }

            @Override
            public DemoBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                DemoBatch b = batch(m, k);
                if (++k == p.batchesPerMedicine()) {
                    k = 0;
                    m++;
                }
                return b;
            }
        };
    }

    public Iterator<DemoDispense> dispenses() {
        return new DispenseIterator();
    }

    private static int pick(double[] shares, double u) {
        double acc = 0;
        for (int i = 0; i < shares.length; i++) {
            acc += shares[i];
            if (u < acc) {
                return i;
            }
        }
        return shares.length - 1;
    }

    private static int poisson(double lambda, SplittableRandom r) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 30) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * r.nextGaussian()));
        }
        double limit = Math.exp(-lambda);
        double prod = r.nextDouble();
        int n = 0;
        while (prod > limit) {
            prod *= r.nextDouble();
            n++;
        }
        return n;
    }

    /** Walks the history day by day; only the quantities taken from batches so far are remembered. */
    private final class DispenseIterator implements Iterator<DemoDispense> {

        private final Map<Long, Integer> dispensedFromBatch = new HashMap<>();
        private final DemoBatch[][] shelfCache = new DemoBatch[medicines.size()][SHELF_WINDOW * 2];
        private final int[][] shelfCacheIndex = new int[medicines.size()][SHELF_WINDOW * 2];
        private LocalDate day = historyStart;
        private Iterator<DemoDispense> today = List.<DemoDispense>of().iterator();

        @Override
        public boolean hasNext() {
            while (!today.hasNext() && day.isBefore(p.asOf())) {
                today = dispensesOn(day).iterator();
                day = day.plusDays(1);
            }
            return today.hasNext();
        }

        @Override
        public DemoDispense next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return today.next();
        }

        private List<DemoDispense> dispensesOn(LocalDate d) {
            SplittableRandom r = Seeds.random(p.seed(), Seeds.DISPENSE_DAY, d.toEpochDay(), 0);
            DayOfWeek dow = d.getDayOfWeek();
            int openMinute = dow == DayOfWeek.SUNDAY ? 600 : dow == DayOfWeek.SATURDAY ? 540 : 480;
            int closeMinute = dow == DayOfWeek.SUNDAY ? 720 : dow == DayOfWeek.SATURDAY ? 780 : 1020;
            List<DemoDispense> out = new ArrayList<>();
            for (int m = 0; m < medicines.size(); m++) {
                int count = poisson(dailyRate[m] * Usage.weekday(dow) * usage[m].season(d.getMonth()), r);
                for (int i = 0; i < count; i++) {
                    int second = openMinute * 60 + r.nextInt((closeMinute - openMinute) * 60);
                    int quantity = usage[m].quantity(r);
                    String patient = p.patients() == 0 ? null : String.format(Locale.ROOT, "MRN-%07d", 1 + r.nextInt(p.patients()));
                    DemoBatch batch = takeFromShelf(m, d, quantity);
                    if (batch != null) {
                        out.add(new DemoDispense(d.atStartOfDay().plusSeconds(second), batch.medicineGtin(), batch.lot(),
                                batch.location(), patient, quantity));
                    }
                }
            }
            out.sort(Comparator.comparing(DemoDispense::dispensedAt));
            return out;
        }

        // First expiry first out among the recently received batches that are still in date and hold enough; null is a stock-out.
        private DemoBatch takeFromShelf(int m, LocalDate d, int quantity) {
            int newest = lastReceivedBy(m, d);
            DemoBatch best = null;
            int bestK = -1;
            for (int k = newest; k >= 0 && k > newest - SHELF_WINDOW; k--) {
                DemoBatch b = cachedBatch(m, k);
                if (!b.expiry().isAfter(d)) {
                    continue;
                }
                int left = b.quantityReceived() - dispensedFromBatch.getOrDefault(key(m, k), 0);
                if (left >= quantity && (best == null || b.expiry().isBefore(best.expiry()))) {
                    best = b;
                    bestK = k;
                }
            }
            if (best != null) {
                dispensedFromBatch.merge(key(m, bestK), quantity, Integer::sum);
            }
            return best;
        }

        // Receipt dates grow with k, so start from the slice d falls in and step to the exact last batch received by d.
        private int lastReceivedBy(int m, LocalDate d) {
            int n = p.batchesPerMedicine();
            long offset = ChronoUnit.DAYS.between(firstReceipt, d);
            int k = (int) Math.min(n - 1, Math.max(0, (offset + 1) * n / receiptSpanDays));
            while (k + 1 < n && !cachedBatch(m, k + 1).receivedOn().isAfter(d)) {
                k++;
            }
            while (k >= 0 && cachedBatch(m, k).receivedOn().isAfter(d)) {
                k--;
            }
            return k;
        }

        private DemoBatch cachedBatch(int m, int k) {
            DemoBatch[] cache = shelfCache[m];
            int slot = k % cache.length;
            if (cache[slot] == null || shelfCacheIndex[m][slot] != k) {
                cache[slot] = batch(m, k);
                shelfCacheIndex[m][slot] = k;
            }
            return cache[slot];
        }

        private long key(int m, int k) {
            return ((long) m << 32) | k;
        }
    }
}
