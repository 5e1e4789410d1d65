package org.salus.demo;

import java.time.LocalDate;

/**
 * What demo data to make. The same parameters always give the same data.
 *
 * @param seed               seeds every random choice
 * @param medicines          how many medicines to take from the WHO list (1 up to its size), spread over the whole list
 * @param batchesPerMedicine batches received per medicine over the history (at least 1); total batches = medicines x this
 * @param patients           synthetic patients (0 to 9,999,999)
 * @param years              years of dispensing history before {@code asOf} (0 to 30)
 * @param dailyDispenses     dispensings on an ordinary weekday in an average month, across all medicines (0 to 1,000,000)
 * @param asOf               "today" for the data: history ends the day before, expiry dates spread around it
 */
public record DemoParameters(long seed, int medicines, int batchesPerMedicine, int patients, int years, int dailyDispenses, LocalDate asOf) {

    /** A fixed "today", so that default data do not change with the day they are made. */
    public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 6, 30);

    public DemoParameters {
        require(medicines >= 1, "medicines", medicines, "at least 1");
        require(batchesPerMedicine >= 1, "batchesPerMedicine", batchesPerMedicine, "at least 1");
        require(patients >= 0 && patients <= 9_999_999, "patients", patients, "between 0 and 9,999,999");
        require(years >= 0 && years <= 30, "years", years, "between 0 and 30");
        require(dailyDispenses >= 0 && dailyDispenses <= 1_000_000, "dailyDispenses", dailyDispenses, "between 0 and 1,000,000");
        if (asOf == null || asOf.getYear() < 1950 || asOf.getYear() > 2200) {
            throw new DemoDataException("Demo parameter asOf = " + asOf + " must be a date between 1950 and 2200");
        }
    }

    /** A small clinic: 100 medicines, 8 batches each, 2,000 patients, 3 years of history, 150 dispensings a weekday. */
    public static DemoParameters defaults() {
        return new DemoParameters(42L, 100, 8, 2_000, 3, 150, DEFAULT_AS_OF);
    }

    public DemoParameters withSeed(long value) {
        return new DemoParameters(value, medicines, batchesPerMedicine, patients, years, dailyDispenses, asOf);
    }

    public DemoParameters withMedicines(int value) {
        return new DemoParameters(seed, value, batchesPerMedicine, patients, years, dailyDispenses, asOf);
    }

    public DemoParameters withBatchesPerMedicine(int value) {
        return new DemoParameters(seed, medicines, value, patients, years, dailyDispenses, asOf);
    }

    public DemoParameters withPatients(int value) {
        return new DemoParameters(seed, medicines, batchesPerMedicine, value, years, dailyDispenses, asOf);
    }

    public DemoParameters withYears(int value) {
        return new DemoParameters(seed, medicines, batchesPerMedicine, patients, value, dailyDispenses, asOf);
    }

    public DemoParameters withDailyDispenses(int value) {
        return new DemoParameters(seed, medicines, batchesPerMedicine, patients, years, value, asOf);
    }

    public DemoParameters withAsOf(LocalDate value) {
        return new DemoParameters(seed, medicines, batchesPerMedicine, patients, years, dailyDispenses, value);
    }

    private static void require(boolean ok, String name, int value, String range) {
        if (!ok) {
            throw new DemoDataException("Demo parameter " + name + " = " + value + " must be " + range);
        }
    }
}
