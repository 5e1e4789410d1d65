package org.salus.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.access.AccessControl;
import org.salus.core.access.AccessDecision;
import org.salus.core.access.AccessRecords;
import org.salus.core.command.Actor;
import org.salus.core.internal.audit.AuditService;
import org.salus.core.internal.command.ClinicCommandService;
import org.salus.core.internal.command.DeviceSettings;
import org.salus.core.internal.query.QueryService;
import org.salus.core.op.ChainReport;
import org.salus.core.platform.ClinicClock;
import org.salus.model.clinical.Patient;
import org.salus.model.inventory.Medicine;
import org.salus.store.h2.internal.FileKeyProvider;
import org.salus.store.h2.internal.H2ClinicStore;
import org.salus.store.h2.internal.H2StoreSettings;

/** Loads small demo clinics into real encrypted H2 stores on disk and reads the stock back through the queries. */
class DemoLoaderTest {

    private static final Actor LOADER = new Actor("demo-loader");
    // 20 medicines x 6 batches, 60 patients, and the first four weeks of a year of dispensing history
    private static final DemoParameters SMALL = DemoParameters.defaults().withMedicines(20).withBatchesPerMedicine(6).withPatients(60)
            .withYears(1).withDailyDispenses(80);

    @TempDir
    Path dir;

    @Test
    void eachBatchHoldsWhatWasReceivedMinusWhatWasDispensed() throws Exception {
        DemoClinic clinic = new DemoClinic(SMALL);
        LocalDate today = SMALL.asOf();
        List<DemoDispense> weeks = firstWeeks(clinic, 4);
        Set<String> expiredLots = clinic.batches().filter(b -> b.expiry().isBefore(today)).map(DemoBatch::lot).collect(Collectors.toSet());
        Map<String, Integer> expected = new HashMap<>();
        clinic.batches().filter(b -> !expiredLots.contains(b.lot())).forEach(b -> expected.put(b.lot(), b.quantityReceived()));
        long replayable = 0;
        for (DemoDispense d : weeks) {
            if (expected.containsKey(d.batchLot())) {
                expected.merge(d.batchLot(), -d.quantity(), Integer::sum);
                replayable++;
            }
        }
        assertTrue(replayable > 500, "the test data dispense enough to mean something: " + replayable);
        assertTrue(expiredLots.size() > 0 && weeks.size() > replayable, "some lots have expired, with dispensings from them");

        try (Wired w = new Wired(dir.resolve("a"), today)) {
            DemoLoader loader = new DemoLoader(w.commands, LOADER, today, 250);
            loader.registerMedicines(clinic.medicines());
            loader.receiveBatches(clinic.batches());
            loader.registerPatients(clinic.patients());
            loader.replayDispenses(weeks.stream());
            DemoLoad load = loader.summary();

            assertEquals(new DemoLoad(20, expected.size(), expiredLots.size(), 60, 0, replayable, weeks.size() - replayable,
                    20 + 2L * expected.size() + 60 + replayable), load);
            assertEquals(load.operations(), w.audit.size(LOADER));
            ChainReport chain = w.audit.verifyChain(LOADER);
            assertTrue(chain.intact(), chain.toString());

            assertEquals(expected, stockByLot(w, loader, expected.keySet()));
            for (String lot : expiredLots) {
                assertTrue(loader.batchId(lot).isEmpty(), "expired lot " + lot + " was not received");
            }
            DemoMedicine first = clinic.medicines().get(0);
            Medicine m = w.queries.medicine(LOADER, loader.medicineId(first.gtin()).orElseThrow()).orElseThrow();
            assertEquals(first.gtin(), m.getGtin());
            assertEquals(first.innName(), m.getInnName());
            DemoPatient p42 = clinic.patient(41);
            Patient p = w.queries.patient(LOADER, loader.patientId(p42.identifier()).orElseThrow()).orElseThrow();
            assertEquals(List.of(p42.identifier(), p42.familyName(), p42.birthDate(), p42.sex().name()),
                    List.of(p.getIdentifier(), p.getFamilyName(), p.getBirthDate(), p.getSex().getName()));
        }
    }

    @Test
    void theSameSeedLoadsIdenticalStockAndAnotherSeedDoesNot() throws Exception {
        LocalDate today = SMALL.asOf();
        Map<String, Integer> first = loadStock(dir.resolve("first"), SMALL, today);
        Map<String, Integer> again = loadStock(dir.resolve("again"), SMALL, today);
        Map<String, Integer> other = loadStock(dir.resolve("other"), SMALL.withSeed(SMALL.seed() + 1), today);
        assertTrue(first.size() > 100, "batches loaded: " + first.size());
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void withTheClockBeforeTheHistoryEveryBatchIsReceivedAndFutureBirthDatesAreLeftOut() throws Exception {
        DemoParameters params = SMALL.withBatchesPerMedicine(3).withPatients(400).withYears(0);
        DemoClinic clinic = new DemoClinic(params);
        LocalDate today = params.asOf().minusYears(1);
        List<DemoPatient> unborn = clinic.patients().filter(p -> p.birthDate().isAfter(today)).toList();
        assertTrue(!unborn.isEmpty(), "some demo patients are born after " + today);
        try (Wired w = new Wired(dir, today)) {
            DemoLoader loader = new DemoLoader(w.commands, LOADER, today);
            DemoLoad load = loader.load(clinic);
            assertEquals(0, load.skippedBatches());
            assertEquals(clinic.batchCount(), load.batches());
            assertEquals(unborn.size(), load.patientsWithoutBirthDate());
            assertEquals(0, load.dispenses(), "no history when years = 0");
            Patient p = w.queries.patient(LOADER, loader.patientId(unborn.get(0).identifier()).orElseThrow()).orElseThrow();
            assertNull(p.getBirthDate());
            assertEquals(unborn.get(0).familyName(), p.getFamilyName());
        }
    }

    @Test
    void batchesOfAnUnregisteredMedicineAreRefusedByName() throws Exception {
        DemoClinic clinic = new DemoClinic(SMALL);
        try (Wired w = new Wired(dir, SMALL.asOf())) {
            DemoLoader loader = new DemoLoader(w.commands, LOADER, SMALL.asOf().minusYears(2));
            DemoBatch b = clinic.batch(0, 0);
            DemoDataException e = assertThrows(DemoDataException.class, () -> loader.receiveBatches(Stream.of(b)));
            assertTrue(e.getMessage().contains(b.medicineGtin()) && e.getMessage().contains(b.lot()), e.getMessage());
            assertEquals(0, w.audit.size(LOADER));
        }
    }

    private static List<DemoDispense> firstWeeks(DemoClinic clinic, int weeks) {
        LocalDate end = clinic.historyStart().plusWeeks(weeks);
        return clinic.dispenses().takeWhile(d -> d.dispensedAt().toLocalDate().isBefore(end)).toList();
    }

    private static Map<String, Integer> loadStock(Path where, DemoParameters params, LocalDate today) throws Exception {
        DemoClinic clinic = new DemoClinic(params);
        try (Wired w = new Wired(where, today)) {
            DemoLoader loader = new DemoLoader(w.commands, LOADER, today);
            loader.registerMedicines(clinic.medicines());
            loader.receiveBatches(clinic.batches());
            loader.registerPatients(clinic.patients());
            loader.replayDispenses(firstWeeks(clinic, 3).stream());
            Set<String> lots = clinic.batches().map(DemoBatch::lot).filter(l -> loader.batchId(l).isPresent()).collect(Collectors.toSet());
            return stockByLot(w, loader, lots);
        }
    }

    private static Map<String, Integer> stockByLot(Wired w, DemoLoader loader, Set<String> lots) {
        Map<String, Integer> stock = new TreeMap<>();
        for (String lot : lots) {
            stock.put(lot, w.queries.batch(LOADER, loader.batchId(lot).orElseThrow()).orElseThrow().getQuantityOnHand());
        }
        return stock;
    }

    /** A clinic on an encrypted H2 file, wired by hand as a plain JVM wires it, with the clock fixed on one day. */
    private static final class Wired implements AutoCloseable {
        final H2ClinicStore store;
        final ClinicCommandService commands;
        final QueryService queries;
        final AuditService audit;

        Wired(Path dir, LocalDate today) throws Exception {
            Files.createDirectories(dir);
            ClinicClock clock = new ClinicClock() {
                private final Instant at = today.atTime(8, 0).toInstant(ZoneOffset.UTC);

                @Override
                public Instant now() {
                    return at;
                }

                @Override
                public ZoneId zone() {
                    return ZoneOffset.UTC;
                }
            };
            store = H2ClinicStore.open(H2StoreSettings.of(dir.resolve("clinic")), new FileKeyProvider(dir.resolve("clinic.key")));
            commands = new ClinicCommandService(clock, DeviceSettings.of("demo-clinic"));
            queries = new QueryService(clock, commands, 1000);
            audit = new AuditService(commands, 1000);
            commands.bindStore(store);
            // the demo test trusts the loader's session handle as its user; the real access control is org.salus.security
            commands.bindAccessControl(new AccessControl() {
                @Override
                public AccessDecision decide(Actor actor, String permission, AccessRecords records) {
                    return AccessDecision.allow(actor.session(), actor.session());
                }

                @Override
                public AccessDecision decideSession(Actor actor, AccessRecords records) {
                    return AccessDecision.allow(actor.session(), actor.session());
                }
            });
            queries.bindStore(store);
            audit.bindStore(store);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
