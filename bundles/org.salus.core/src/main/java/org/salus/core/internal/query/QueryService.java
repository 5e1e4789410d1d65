package org.salus.core.internal.query;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.emf.ecore.EObject;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.salus.core.access.Permissions;
import org.salus.core.command.Actor;
import org.salus.core.command.InvalidInputException;
import org.salus.core.internal.access.AccessGate;
import org.salus.core.internal.access.CheckedReads;
import org.salus.core.internal.command.DeviceConfig;
import org.salus.core.internal.projection.ProjectionReader;
import org.salus.core.internal.store.StoreAccess;
import org.salus.core.platform.ClinicClock;
import org.salus.core.query.ClinicQueries;
import org.salus.core.query.MedicineStock;
import org.salus.core.store.ClinicStore;
import org.salus.model.clinical.Encounter;
import org.salus.model.clinical.MedicationOrder;
import org.salus.model.clinical.Note;
import org.salus.model.clinical.NoteRevision;
import org.salus.model.clinical.Observation;
import org.salus.model.clinical.Patient;
import org.salus.model.inventory.Medicine;
import org.salus.model.inventory.StockBatch;
import org.salus.model.inventory.StockMovement;

/**
 * Reads for the user interface, from the projections. Every read is checked by the core's {@link AccessGate} in its own
 * read transaction: patient data needs {@code patient.read}, stock a usable session (see {@link ClinicQueries}).
 * Outside OSGi, construct it with a clock and the command service as its gate, and bind the store.
 */
@Component(name = "org.salus.core.queries", configurationPid = DeviceConfig.PID)
public class QueryService implements ClinicQueries {

    /** What a stock read needs: no particular permission, a usable session. */
    private static final String ANY_SESSION = null;

    private final ClinicClock clock;
    private final StoreAccess store;
    private final CheckedReads reads;

    @Activate
    public QueryService(@Reference ClinicClock clock, @Reference AccessGate gate, DeviceConfig config) {
        this(clock, gate, config.storeWaitMillis());
    }

    public QueryService(ClinicClock clock, AccessGate gate, long storeWaitMillis) {
        this.clock = clock;
        this.store = new StoreAccess(storeWaitMillis);
        this.reads = new CheckedReads(store, gate);
    }

    @Modified
    void modified(DeviceConfig config) {
        store.setWaitMillis(config.storeWaitMillis());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindStore(ClinicStore s) {
        store.bind(s);
    }

    public void unbindStore(ClinicStore s) {
        store.unbind(s);
    }

    /**
     * One checked read.
     *
     * @param permission what the read needs, or {@link #ANY_SESSION}
     * @param read the method's name, for a refusal record
     * @param asked the arguments by name, alternately, for a refusal record
     */
    private <T> T read(Actor actor, String permission, String read, Object[] asked, ReaderWork<T> work) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < asked.length; i += 2) {
            if (asked[i + 1] != null) {
                args.put((String) asked[i], asked[i + 1]);
            }
        }
        return reads.read(actor, permission, "ClinicQueries." + read, args, tx -> work.run(new ProjectionReader(tx.connection())));
    }

    private static Object[] asked(Object... nameValuePairs) {
        return nameValuePairs;
    }

    @FunctionalInterface
    private interface ReaderWork<T> {
        T run(ProjectionReader r) throws SQLException;
    }

    @Override
    public Optional<Medicine> medicine(Actor actor, String medicineId) {
        String id = id("medicineId", medicineId);
        return read(actor, ANY_SESSION, "medicine", asked("medicineId", id), r -> r.medicine(id));
    }

    @Override
    public List<MedicineStock> medicines(Actor actor, String text, int limit) {
        int l = limit(limit);
        String t = text == null ? null : text.length() > 200 ? text.substring(0, 200) : text;
        LocalDate today = clock.today();
        return read(actor, ANY_SESSION, "medicines", asked("text", t, "limit", l), r -> r.medicines(t, today, l));
    }

    @Override
    public List<MedicineStock> lowStock(Actor actor, int limit) {
        int l = limit(limit);
        LocalDate today = clock.today();
        return read(actor, ANY_SESSION, "lowStock", asked("limit", l), r -> r.lowStock(today, l));
    }

    @Override
    public Optional<StockBatch> batch(Actor actor, String batchId) {
        String id = id("batchId", batchId);
        return read(actor, ANY_SESSION, "batch", asked("batchId", id), r -> r.batch(id, false).filter(b -> b.getLot() != null));
    }

    @Override
    public List<StockBatch> batchesOf(Actor actor, String medicineId) {
        String id = id("medicineId", medicineId);
        return read(actor, ANY_SESSION, "batchesOf", asked("medicineId", id), r -> r.batchesInStock(id, false));
    }

    @Override
    public List<StockBatch> batchesExpiringBefore(Actor actor, LocalDate date, int limit) {
        if (date == null) {
            throw new InvalidInputException("date", "is required");
        }
        int l = limit(limit);
        return read(actor, ANY_SESSION, "batchesExpiringBefore", asked("date", date, "limit", l), r -> r.batchesExpiringBefore(date, l));
    }

    @Override
    public List<StockMovement> movementsOf(Actor actor, String batchId) {
        String id = id("batchId", batchId);
        return read(actor, ANY_SESSION, "movementsOf", asked("batchId", id), r -> r.movementsOf(id));
    }

    @Override
    public Optional<Patient> patient(Actor actor, String patientId) {
        String id = id("patientId", patientId);
        return read(actor, Permissions.PATIENT_READ, "patient", asked("patientId", id), r -> r.patient(id));
    }

    @Override
    public List<Patient> findPatients(Actor actor, String text, int limit) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("text", "type at least one letter or digit of a name or record number");
        }
        if (text.length() > 200) {
            throw new InvalidInputException("text", "a search has at most 200 characters");
        }
        int l = limit(limit);
        return read(actor, Permissions.PATIENT_READ, "findPatients", asked("text", text, "limit", l), r -> r.findPatients(text, l));
    }

    @Override
    public List<Encounter> encountersOf(Actor actor, String patientId) {
        return entitiesOfPatient(actor, "encountersOf", "Encounter", patientId, Encounter.class);
    }

    @Override
    public List<Observation> observationsOf(Actor actor, String patientId) {
        return entitiesOfPatient(actor, "observationsOf", "Observation", patientId, Observation.class);
    }

    @Override
    public List<MedicationOrder> ordersOf(Actor actor, String patientId) {
        return entitiesOfPatient(actor, "ordersOf", "MedicationOrder", patientId, MedicationOrder.class);
    }

    @Override
    public List<Note> notesOf(Actor actor, String patientId) {
        return entitiesOfPatient(actor, "notesOf", "Note", patientId, Note.class);
    }

    @Override
    public List<NoteRevision> revisionsOf(Actor actor, String noteId) {
        String id = id("noteId", noteId);
        List<EObject> found = read(actor, Permissions.PATIENT_READ, "revisionsOf", asked("noteId", id),
                r -> r.entitiesReferringTo("NoteRevision", id));
        return found.stream().map(NoteRevision.class::cast).toList();
    }

    private <T> List<T> entitiesOfPatient(Actor actor, String read, String entityType, String patientId, Class<T> type) {
        String id = id("patientId", patientId);
        List<EObject> found = read(actor, Permissions.PATIENT_READ, read, asked("patientId", id), r -> r.entitiesOfPatient(entityType, id));
        return found.stream().map(type::cast).toList();
    }

    private static String id(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be from 1 to " + MAX_LIMIT + " (it was " + limit + ")");
        }
        return limit;
    }
}
