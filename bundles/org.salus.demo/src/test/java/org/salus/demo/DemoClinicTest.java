package org.salus.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DemoClinicTest {

    // Small enough to run in a unit test, long enough for weekly and seasonal rhythm to show.
    private static final DemoParameters SMALL = DemoParameters.defaults().withMedicines(40).withPatients(300).withYears(2)
            .withDailyDispenses(60);

    @Test
    void sameSeedAndParametersGiveTheSameData() {
        DemoClinic a = new DemoClinic(SMALL);
        DemoClinic b = new DemoClinic(SMALL);
        assertEquals(a.medicines(), b.medicines());
        assertEquals(a.batches().toList(), b.batches().toList());
        assertEquals(a.patients().toList(), b.patients().toList());
        assertEquals(a.dispenses().toList(), b.dispenses().toList());
        assertEquals(a.dispenses().limit(50).toList(), a.dispenses().limit(50).toList(), "a stream can be read again");
    }

    @Test
    void anotherSeedGivesOtherData() {
        DemoClinic a = new DemoClinic(SMALL);
        DemoClinic b = new DemoClinic(SMALL.withSeed(SMALL.seed() + 1));
        assertNotEquals(a.batches().toList(), b.batches().toList());
        assertNotEquals(a.patients().toList(), b.patients().toList());
        assertNotEquals(a.dispenses().toList(), b.dispenses().toList());
        assertEquals(a.medicines(), b.medicines(), "the catalogue is master data and does not depend on the seed");
    }

    @Test
    void weekdaysAreBusierThanWeekends() {
        DemoClinic clinic = new DemoClinic(SMALL);
        Map<LocalDate, Long> perDay = clinic.dispenses().collect(Collectors.groupingBy(d -> d.dispensedAt().toLocalDate(), Collectors.counting()));
        double[] sum = new double[2];
        int[] days = new int[2];
        for (LocalDate d = clinic.historyStart(); d.isBefore(SMALL.asOf()); d = d.plusDays(1)) {
            int weekend = EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY).contains(d.getDayOfWeek()) ? 1 : 0;
            sum[weekend] += perDay.getOrDefault(d, 0L);
            days[weekend]++;
        }
        double weekdayMean = sum[0] / days[0];
        double weekendMean = sum[1] / days[1];
        assertTrue(weekdayMean > 1.5 * weekendMean, "weekday mean " + weekdayMean + ", weekend mean " + weekendMean);
    }

    @Test
    void antimalarialsPeakInTheRainsAndAmoxicillinInTheCold() {
        DemoClinic clinic = new DemoClinic(DemoParameters.defaults().withMedicines(142).withYears(3).withPatients(0));
        Set<String> antimalarials = gtins(clinic, m -> m.innName().startsWith("artemether"));
        Set<String> amoxicillin = gtins(clinic, m -> m.innName().startsWith("amoxicillin"));
        Map<Month, Long> malaria = new HashMap<>();
        Map<Month, Long> respiratory = new HashMap<>();
        clinic.dispenses().forEach(d -> {
            if (antimalarials.contains(d.medicineGtin())) {
                malaria.merge(d.dispensedAt().getMonth(), 1L, Long::sum);
            } else if (amoxicillin.contains(d.medicineGtin())) {
                respiratory.merge(d.dispensedAt().getMonth(), 1L, Long::sum);
            }
        });
        assertTrue(malaria.getOrDefault(Month.AUGUST, 0L) > malaria.getOrDefault(Month.JANUARY, 0L), malaria.toString());
        assertTrue(respiratory.getOrDefault(Month.JANUARY, 0L) > respiratory.getOrDefault(Month.JULY, 0L), respiratory.toString());
    }

    @Test
    void everyDispenseFitsItsBatch() {
        DemoClinic clinic = new DemoClinic(SMALL);
        Map<String, DemoBatch> batches = clinic.batches().collect(Collectors.toMap(DemoBatch::lot, Function.identity()));
        assertEquals(clinic.batchCount(), batches.size(), "lots are unique");
        Map<String, Integer> taken = new HashMap<>();
        List<DemoDispense> dispenses = clinic.dispenses().toList();
        assertFalse(dispenses.isEmpty());
        for (int i = 0; i < dispenses.size(); i++) {
            DemoDispense d = dispenses.get(i);
            DemoBatch b = batches.get(d.batchLot());
            assertNotNull(b, d.toString());
            assertEquals(b.medicineGtin(), d.medicineGtin(), d.toString());
            assertEquals(b.location(), d.location(), d.toString());
            LocalDate day = d.dispensedAt().toLocalDate();
            assertFalse(day.isBefore(b.receivedOn()), d + " before " + b);
            assertTrue(day.isBefore(b.expiry()), d + " from expired " + b);
            assertTrue(d.quantity() > 0, d.toString());
            taken.merge(b.lot(), d.quantity(), Integer::sum);
            if (i > 0) {
                assertFalse(d.dispensedAt().isBefore(dispenses.get(i - 1).dispensedAt()), "time order at " + i);
            }
            assertTrue(d.patientIdentifier().matches("MRN-\\d{7}"), d.toString());
        }
        taken.forEach((lot, qty) -> assertTrue(qty <= batches.get(lot).quantityReceived(), lot + " gave " + qty));
        assertFalse(dispenses.get(0).dispensedAt().toLocalDate().isBefore(clinic.historyStart()));
        assertTrue(dispenses.get(dispenses.size() - 1).dispensedAt().toLocalDate().isBefore(SMALL.asOf()));
    }

    @Test
    void expiryDatesSpreadAroundToday() {
        DemoClinic clinic = new DemoClinic(DemoParameters.defaults().withBatchesPerMedicine(50));
        LocalDate today = clinic.parameters().asOf();
        long[] buckets = new long[4];
        clinic.batches().forEach(b -> {
            assertTrue(b.expiry().isAfter(b.receivedOn()), b.toString());
            assertTrue(b.receivedOn().isBefore(today), b.toString());
            assertTrue(b.quantityReceived() > 0, b.toString());
            long days = ChronoUnit.DAYS.between(today, b.expiry());
            buckets[days < 0 ? 0 : days <= 30 ? 1 : days <= 90 ? 2 : 3]++;
        });
        long total = clinic.batchCount();
        assertTrue(buckets[0] > 0 && buckets[1] > 0 && buckets[2] > 0, "expired, within 30 days, within 90 days: "
                + List.of(buckets[0], buckets[1], buckets[2]));
        assertTrue(buckets[3] > total / 2, "most expire later: " + buckets[3] + " of " + total);
        assertTrue(clinic.batches().map(DemoBatch::location).distinct().count() >= 4);
    }

    @Test
    void patientsArePlausible() {
        DemoClinic clinic = new DemoClinic(SMALL);
        List<DemoPatient> patients = clinic.patients().toList();
        assertEquals(300, patients.size());
        assertEquals("MRN-0000001", patients.get(0).identifier());
        assertEquals(300, patients.stream().map(DemoPatient::identifier).distinct().count());
        assertTrue(patients.stream().map(DemoPatient::sex).distinct().count() >= 2);
        assertTrue(patients.stream().map(DemoPatient::familyName).distinct().count() > 30, "a mixed list of names");
        for (DemoPatient p : patients) {
            long age = ChronoUnit.YEARS.between(p.birthDate(), SMALL.asOf());
            assertTrue(age >= 0 && age <= 96, p.toString());
            assertTrue(p.phone().startsWith("+1 555-01"), p.toString());
        }
        assertEquals(patients.get(123), clinic.patient(123), "a patient can be made on its own");
    }

    @Test
    void batchesAreStreamedNotHeldInMemory() {
        // 142 x 10,000,000 batches could never be held in memory; reading a few must still work.
        DemoClinic huge = new DemoClinic(DemoParameters.defaults().withMedicines(142).withBatchesPerMedicine(10_000_000));
        assertEquals(1_420_000_000L, huge.batchCount());
        List<DemoBatch> first = huge.batches().limit(1_000).toList();
        assertEquals(1_000, first.stream().map(DemoBatch::lot).distinct().count());
        assertEquals(huge.batch(141, 9_999_999).medicineGtin(), huge.medicines().get(141).gtin());
    }

    @Test
    void smallClinicsSpanTheWholeList() {
        List<DemoMedicine> ten = new DemoClinic(DemoParameters.defaults().withMedicines(10)).medicines();
        assertEquals(10, ten.size());
        assertTrue(ten.get(9).innName().compareTo("s") > 0, "the last pick comes from the end of the list: " + ten.get(9));
    }

    @Test
    void parametersOutOfRangeAreRejectedByName() {
        assertMessage("medicines = 0", () -> DemoParameters.defaults().withMedicines(0));
        assertMessage("batchesPerMedicine = 0", () -> DemoParameters.defaults().withBatchesPerMedicine(0));
        assertMessage("patients = -1", () -> DemoParameters.defaults().withPatients(-1));
        assertMessage("years = 31", () -> DemoParameters.defaults().withYears(31));
        assertMessage("dailyDispenses = -5", () -> DemoParameters.defaults().withDailyDispenses(-5));
        assertMessage("asOf = null", () -> DemoParameters.defaults().withAsOf(null));
        assertMessage("medicines = 500 must be at most 142", () -> new DemoClinic(DemoParameters.defaults().withMedicines(500)));
    }

    @Test
    void noPatientsMeansAnonymousDispensing() {
        DemoClinic clinic = new DemoClinic(SMALL.withPatients(0).withYears(1));
        assertEquals(0, clinic.patients().count());
        assertTrue(clinic.dispenses().limit(100).allMatch(d -> d.patientIdentifier() == null));
    }

    private static Set<String> gtins(DemoClinic clinic, Predicate<DemoMedicine> which) {
        return clinic.medicines().stream().filter(which).map(DemoMedicine::gtin).collect(Collectors.toSet());
    }

    private static void assertMessage(String expected, Executable call) {
        DemoDataException e = assertThrows(DemoDataException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
