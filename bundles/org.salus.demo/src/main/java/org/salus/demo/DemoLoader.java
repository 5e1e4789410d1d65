package org.salus.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.salus.core.command.Actor;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.Command;
import org.salus.core.command.CommandResult;
import org.salus.core.command.Dispense;
import org.salus.core.command.ReceiveStock;
import org.salus.core.command.RegisterMedicine;
import org.salus.core.command.RegisterPatient;
import org.salus.model.clinical.Sex;

/**
 * Records a {@link DemoClinic} through {@link ClinicCommands}: registers its medicines, receives its batches, registers
 * its patients and replays its dispensings, each step in transactions of up to {@code batchSize} commands
 * ({@link ClinicCommands#executeAll}). It remembers the id each command gave to a demo record's natural key (a
 * medicine's GTIN, a batch's lot, a patient's record number), so later commands can name what earlier ones created.
 * <p>
 * The operations carry the clinic clock's time, not the demo's dates. The core refuses expired stock and birth dates
 * in the future, so with {@code today} set to the clinic clock's date: a batch that expires before today is left out
 * together with its dispensings, and a patient born after today is registered without a birth date. With the clinic
 * clock at the data's {@link DemoParameters#asOf()} every patient keeps their birth date; with it a year before the
 * dispensing history starts every batch is received.
 * <p>
 * Load into a store that holds none of the demo's medicines, lots or record numbers yet. Not thread-safe.
 */
public final class DemoLoader {

    /** Commands per transaction when none is given: as many as {@link ClinicCommands#executeAll} accepts. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    private final ClinicCommands commands;
    private final Actor actor;
    private final LocalDate today;
    private final int batchSize;
    private final Map<String, String> medicineIds = new HashMap<>();
    private final Map<String, String> batchIds = new HashMap<>();
    private final Map<String, String> patientIds = new HashMap<>();
    private int medicines;
    private long batches;
    private long skippedBatches;
    private int patients;
    private int patientsWithoutBirthDate;
    private long dispenses;
    private long skippedDispenses;
    private long operations;

    /**
     * @param commands where to record
     * @param actor who the operations name
     * @param today the clinic clock's date, which decides what is expired and what lies in the future
     */
    public DemoLoader(ClinicCommands commands, Actor actor, LocalDate today) {
        this(commands, actor, today, DEFAULT_BATCH_SIZE);
    }

    /** @param batchSize commands per transaction (1 to 1000) */
    public DemoLoader(ClinicCommands commands, Actor actor, LocalDate today, int batchSize) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.actor = Objects.requireNonNull(actor, "actor");
        this.today = Objects.requireNonNull(today, "today");
        if (batchSize < 1 || batchSize > DEFAULT_BATCH_SIZE) {
            throw new DemoDataException("batchSize = " + batchSize + " must be between 1 and " + DEFAULT_BATCH_SIZE);
        }
        this.batchSize = batchSize;
    }

    /** Records the whole clinic: medicines, batches, patients, then the dispensing history. */
    public DemoLoad load(DemoClinic clinic) {
        registerMedicines(clinic.medicines());
        receiveBatches(clinic.batches());
        registerPatients(clinic.patients());
        replayDispenses(clinic.dispenses());
        return summary();
    }

    /** Registers medicines. */
    public void registerMedicines(Collection<DemoMedicine> list) {
        inChunks(list.iterator(), chunk -> {
            List<Command> cmds = new ArrayList<>(chunk.size());
            for (DemoMedicine m : chunk) {
                cmds.add(new RegisterMedicine(m.gtin(), m.innName(), m.form(), m.strength(), m.unit(), m.reorderLevel(), m.critical()));
            }
            List<String> ids = run(cmds).createdIds("Medicine");
            requireOnePerRecord(ids, chunk.size(), "medicines");
            for (int i = 0; i < chunk.size(); i++) {
                medicineIds.put(chunk.get(i).gtin(), ids.get(i));
            }
            medicines += chunk.size();
        });
    }

    /**
     * Receives batches of registered medicines, each as a new batch of its lot.
     *
     * @throws DemoDataException when a batch names a medicine this loader has not registered
     */
    public void receiveBatches(Stream<DemoBatch> stream) {
        inChunks(stream.filter(this::receivable).iterator(), chunk -> {
            List<Command> cmds = new ArrayList<>(chunk.size());
            for (DemoBatch b : chunk) {
                cmds.add(new ReceiveStock(medicineId(b.medicineGtin(), "batch " + b.lot()), b.lot(), b.expiry(), b.location(),
                        b.quantityReceived()));
            }
            List<String> ids = run(cmds).createdIds("StockBatch");
            requireOnePerRecord(ids, chunk.size(), "batches (is a lot received twice?)");
            for (int i = 0; i < chunk.size(); i++) {
                batchIds.put(chunk.get(i).lot(), ids.get(i));
            }
            batches += chunk.size();
        });
    }

    private boolean receivable(DemoBatch b) {
        if (b.expiry().isBefore(today)) {
            skippedBatches++;
            return false;
        }
        return true;
    }

    /** Registers patients; one born after today is registered without a birth date. */
    public void registerPatients(Stream<DemoPatient> stream) {
        inChunks(stream.iterator(), chunk -> {
            List<Command> cmds = new ArrayList<>(chunk.size());
            for (DemoPatient p : chunk) {
                LocalDate born = p.birthDate();
                if (born != null && born.isAfter(today)) {
                    born = null;
                    patientsWithoutBirthDate++;
                }
                cmds.add(new RegisterPatient(p.identifier(), p.givenName(), p.familyName(), born, Sex.valueOf(p.sex().name()), p.phone(),
                        p.address()));
            }
            List<String> ids = run(cmds).createdIds("Patient");
            requireOnePerRecord(ids, chunk.size(), "patients");
            for (int i = 0; i < chunk.size(); i++) {
                patientIds.put(chunk.get(i).identifier(), ids.get(i));
            }
            patients += chunk.size();
        });
    }

    /**
     * Dispenses from the named batches, in the order given, for the named patients (for none when the patient was not
     * registered by this loader). A dispensing from a batch that was left out is left out too.
     */
    public void replayDispenses(Stream<DemoDispense> stream) {
        inChunks(stream.filter(this::replayable).iterator(), chunk -> {
            List<Command> cmds = new ArrayList<>(chunk.size());
            for (DemoDispense d : chunk) {
                String medicineId = medicineId(d.medicineGtin(), "a dispensing of lot " + d.batchLot());
                String patientId = d.patientIdentifier() == null ? null : patientIds.get(d.patientIdentifier());
                cmds.add(new Dispense(medicineId, d.quantity(), batchIds.get(d.batchLot()), null, patientId));
            }
            run(cmds);
            dispenses += chunk.size();
        });
    }

    private boolean replayable(DemoDispense d) {
        if (!batchIds.containsKey(d.batchLot())) {
            skippedDispenses++;
            return false;
        }
        return true;
    }

    /** The id of the medicine registered for a GTIN. */
    public Optional<String> medicineId(String gtin) {
        return Optional.ofNullable(medicineIds.get(gtin));
    }

    /** The id of the batch received for a lot. */
    public Optional<String> batchId(String lot) {
        return Optional.ofNullable(batchIds.get(lot));
    }

    /** The id of the patient registered for a record number. */
    public Optional<String> patientId(String identifier) {
        return Optional.ofNullable(patientIds.get(identifier));
    }

    /** What was recorded so far. */
    public DemoLoad summary() {
        return new DemoLoad(medicines, batches, skippedBatches, patients, patientsWithoutBirthDate, dispenses, skippedDispenses, operations);
    }

    private String medicineId(String gtin, String whose) {
        String id = medicineIds.get(gtin);
        if (id == null) {
            throw new DemoDataException("The medicine with GTIN " + gtin + " of " + whose + " was not registered by this loader:"
                    + " register the clinic's medicines first");
        }
        return id;
    }

    private CommandResult run(List<Command> cmds) {
        CommandResult r = commands.executeAll(actor, cmds);
        operations += r.operations().size();
        return r;
    }

    private static void requireOnePerRecord(List<String> ids, int expected, String what) {
        if (ids.size() != expected) {
            throw new DemoDataException(expected + " " + what + " were recorded but " + ids.size() + " were created: load the demo"
                    + " into a store that does not hold it yet");
        }
    }

    private <T> void inChunks(Iterator<T> it, Consumer<List<T>> work) {
        List<T> chunk = new ArrayList<>(batchSize);
        while (it.hasNext()) {
            chunk.add(it.next());
            if (chunk.size() == batchSize) {
                work.accept(chunk);
                chunk = new ArrayList<>(batchSize);
            }
        }
        if (!chunk.isEmpty()) {
            work.accept(chunk);
        }
    }
}
