package org.salus.bench.chaos;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.salus.bench.LocalClinic;
import org.salus.core.command.Actor;
import org.salus.core.command.Adjust;
import org.salus.core.command.Command;
import org.salus.core.command.CommandException;
import org.salus.core.command.CommandResult;
import org.salus.core.command.Dispense;
import org.salus.core.command.InvalidInputException;
import org.salus.core.command.NotFoundException;
import org.salus.core.command.OpenEncounter;
import org.salus.core.command.ReceiveStock;
import org.salus.core.command.RecordObservation;
import org.salus.core.command.RegisterMedicine;
import org.salus.core.command.RegisterPatient;
import org.salus.core.command.StockRefusedException;
import org.salus.core.command.Transfer;
import org.salus.core.internal.platform.SystemClinicClock;
import org.salus.core.op.OpEnvelope;
import org.salus.core.query.MedicineStock;
import org.salus.demo.DemoClinic;
import org.salus.demo.DemoMedicine;
import org.salus.model.clinical.Sex;
import org.salus.model.inventory.StockBatch;

/**
 * The process the chaos harness kills: {@code ChaosWriter <store dir> <seed>}.
 * <p>
 * It opens the clinic store (as any restart after a crash does), prints {@code WRITING} and records commands until it
 * is killed: receipts, dispensings, patients, encounters with observations, adjustments, transfers, and batches of
 * several commands in one transaction. After each command returns it prints {@code COMMITTED <k> <opId>...}, flushed.
 * A refused command (not enough stock) writes nothing and prints nothing. A store that does not open is reported as
 * {@code OPEN-FAILED <reason>}, a failed command as {@code ERROR <reason>}; then it exits.
 */
public final class ChaosWriter {

    static final String WRITING = "WRITING";
    static final String COMMITTED = "COMMITTED";
    static final String OPEN_FAILED = "OPEN-FAILED";
    static final String ERROR = "ERROR";
    /** {@code TIMES <phase>=<ms>...}: how long the writer's start took, phase by phase (see {@link #main}). */
    static final String TIMES = "TIMES";
    private static final Actor PHARMACIST = new Actor("pharmacist-chaos");
    private static final String[] LOCATIONS = {"PHARMACY-A", "PHARMACY-B", "WARD-1"};

    private final LocalClinic clinic;
    private final SplittableRandom random;
    private final PrintStream out;
    private final String run;
    private final List<String> medicines = new ArrayList<>();
    private final List<String> batches = new ArrayList<>();
    private final List<String> patients = new ArrayList<>();
    private int serial;
    /** Set once the writes begin (the registrations of a new store's medicines are not the first command). */
    private boolean writing;
    private boolean firstTimed;

    private ChaosWriter(LocalClinic clinic, long seed, PrintStream out) {
        this.clinic = clinic;
        this.random = new SplittableRandom(seed);
        this.out = out;
        this.run = Long.toString(seed, 36);
    }

    /**
     * Opens the store, prepares, prints {@code WRITING} and writes until killed. Before {@code WRITING} it prints
     * {@code TIMES main-at=<epoch ms> open=<ms> prepare=<ms> medicines=<ms> batches=<ms> patients=<ms>} (when {@code main}
     * began, the store's open, the preparation and its three reads), and right before the first command's
     * {@code COMMITTED} line {@code TIMES first=<ms>} (that command's execution).
     */
    public static void main(String[] args) throws Exception {
        long mainNanos = System.nanoTime();
        long mainMillis = System.currentTimeMillis();
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        LocalClinic clinic;
        try {
            clinic = LocalClinic.open(dir, new SystemClinicClock());
        } catch (Exception e) {
            out.println(OPEN_FAILED + " " + oneLine(e));
            out.flush();
            System.exit(3);
            return;
        }
        long openNanos = System.nanoTime();
        ChaosWriter writer = new ChaosWriter(clinic, seed, out);
        long[] prepare = writer.prepare();
        long prepareNanos = System.nanoTime();
        out.println(TIMES + " main-at=" + mainMillis + " open=" + millis(openNanos - mainNanos) + " prepare=" + millis(prepareNanos - openNanos)
                + " medicines=" + millis(prepare[0]) + " batches=" + millis(prepare[1]) + " patients=" + millis(prepare[2]));
        out.println(WRITING);
        out.flush();
        writer.writeUntilKilled();
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    // ---- the writes ----

    /**
     * Picks up what earlier runs recorded; registers a few medicines on a new store.
     *
     * @return the nanoseconds spent listing the medicines, their batches and the patients
     */
    private long[] prepare() {
        long t0 = System.nanoTime();
        List<MedicineStock> known = clinic.queries.medicines(LocalClinic.PHARMACIST, null, 1000);
        if (known.size() < 6) {
            Set<String> gtins = new HashSet<>();
            known.forEach(m -> gtins.add(m.medicine().getGtin()));
            List<Command> register = new ArrayList<>();
            for (DemoMedicine m : DemoClinic.whoEssentialMedicines().subList(0, 12)) {
                if (!gtins.contains(m.gtin())) {
                    register.add(new RegisterMedicine(m.gtin(), m.innName(), m.form(), m.strength(), m.unit(), m.reorderLevel(), m.critical()));
                }
            }
            record(register);
            known = clinic.queries.medicines(LocalClinic.PHARMACIST, null, 1000);
        }
        long t1 = System.nanoTime();
        for (MedicineStock m : known) {
            medicines.add(m.medicine().getId());
            for (StockBatch b : clinic.queries.batchesOf(LocalClinic.PHARMACIST, m.medicine().getId())) {
                batches.add(b.getId());
            }
        }
        long t2 = System.nanoTime();
        clinic.queries.findPatients(LocalClinic.CLINICIAN, "CH-", 500).forEach(p -> patients.add(p.getId()));
        return new long[] {t1 - t0, t2 - t1, System.nanoTime() - t2};
    }

    private void writeUntilKilled() {
        writing = true;
        while (true) {
            int kind = random.nextInt(100);
            if (kind < 25 || batches.isEmpty()) {
                record(List.of(receive()));
            } else if (kind < 55) {
                record(List.of(dispense()));
            } else if (kind < 65 || patients.isEmpty()) {
                record(List.of(registerPatient()));
            } else if (kind < 75) {
                String patient = patients.get(random.nextInt(patients.size()));
                record(List.of(new OpenEncounter(patient, "outpatient", "chaos visit", null),
                        new RecordObservation(patient, null, "body-temperature", String.format("%.1f", 36 + random.nextDouble() * 3), "Cel", null)));
            } else if (kind < 85) {
                String batch = batches.get(random.nextInt(batches.size()));
                record(List.of(random.nextBoolean() ? new Adjust(batch, 1 + random.nextInt(5), "count corrected")
                        : new Transfer(batch, 1 + random.nextInt(10), LOCATIONS[random.nextInt(LOCATIONS.length)])));
            } else {
                // several commands in one transaction: all of them are recorded, or none
                List<Command> batch = new ArrayList<>();
                int n = 2 + random.nextInt(9);
                for (int i = 0; i < n; i++) {
                    int k = random.nextInt(3);
                    batch.add(k == 0 ? receive() : k == 1 ? dispense() : registerPatient());
                }
                record(batch);
            }
        }
    }

    private Command receive() {
        String medicine = medicines.get(random.nextInt(medicines.size()));
        LocalDate expiry = clinic.clock.today().plusDays(30 + random.nextInt(700));
        return new ReceiveStock(medicine, "L" + run + "-" + (++serial), expiry, LOCATIONS[random.nextInt(LOCATIONS.length)],
                20 + random.nextInt(200));
    }

    private Command dispense() {
        String medicine = medicines.get(random.nextInt(medicines.size()));
        String patient = patients.isEmpty() || random.nextBoolean() ? null : patients.get(random.nextInt(patients.size()));
        return new Dispense(medicine, 1 + random.nextInt(15), null, null, patient);
    }

    private Command registerPatient() {
        return new RegisterPatient("CH-" + run + "-" + (++serial), "Amina", "Chaos", LocalDate.of(1970 + random.nextInt(50), 1 + random.nextInt(12), 1),
                random.nextBoolean() ? Sex.FEMALE : Sex.MALE, null, null);
    }

    private void record(List<Command> commands) {
        if (commands.isEmpty()) {
            return;
        }
        CommandResult r;
        long t0 = System.nanoTime();
        try {
            r = clinic.commands.executeAll(PHARMACIST, commands);
        } catch (StockRefusedException | NotFoundException | InvalidInputException e) {
            return; // refused: nothing was written (a transfer of more than is left, a dispensing beyond the stock)
        } catch (CommandException e) {
            out.println(ERROR + " " + oneLine(e));
            out.flush();
            System.exit(4);
            return;
        }
        if (writing && !firstTimed) {
            firstTimed = true;
            out.println(TIMES + " first=" + millis(System.nanoTime() - t0));
        }
        StringBuilder line = new StringBuilder(COMMITTED).append(' ').append(r.operations().size());
        for (OpEnvelope op : r.operations()) {
            line.append(' ').append(op.opId());
        }
        out.println(line);
        out.flush();
        r.createdIds("StockBatch").forEach(batches::add);
        r.createdIds("Patient").forEach(patients::add);
    }

    static String oneLine(Object o) {
        return String.valueOf(o instanceof Throwable t ? t.getClass().getSimpleName() + ": " + t.getMessage() : o).replaceAll("\\s+", " ");
    }
}
