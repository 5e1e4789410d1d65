package org.salus.core.internal.query;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.eclipse.emf.ecore.EObject;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.salus.core.command.InvalidInputException;
import org.salus.core.internal.command.DeviceConfig;
import org.salus.core.internal.projection.ProjectionReader;
import org.salus.core.internal.store.StoreAccess;
import org.salus.core.platform.ClinicClock;
import org.salus.core.query.ClinicQueries;
import org.salus.core.query.MedicineStock;
import org.salus.core.store.ClinicStore;
import org.salus.core.store.StoreWork;
import org.salus.model.clinical.Encounter;
import org.salus.model.clinical.MedicationOrder;
import org.salus.model.clinical.Note;
import org.salus.model.clinical.NoteRevision;
import org.salus.model.clinical.Observation;
import org.salus.model.clinical.Patient;
import org.salus.model.inventory.Medicine;
import org.salus.model.inventory.StockBatch;
import org.salus.model.inventory.StockMovement;

/** Reads for the user interface, from the projections. */
@Component(name = "org.salus.core.queries", configurationPid = DeviceConfig.PID)
public class QueryService implements ClinicQueries {

    private final ClinicClock clock;
    private final StoreAccess store;

    @Activate
    public QueryService(@Reference ClinicClock clock, DeviceConfig config) {
        this(clock, config.storeWaitMillis());
    }

    public QueryService(ClinicClock clock, long storeWaitMillis) {
        this.clock = clock;
        this.store = new StoreAccess(storeWaitMillis);
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

    private <T> T read(ReaderWork<T> work) {
        StoreWork<T> w = tx -> work.run(new ProjectionReader(tx.connection()));
        return store.call(s -> s.read(w));
    }

    @FunctionalInterface
    private interface ReaderWork<T> {
        T run(ProjectionReader r) throws SQLException;
    }

    @Override
    public Optional<Medicine> medicine(String medicineId) {
        String id = id("medicineId", medicineId);
        return read(r -> r.medicine(id));
    }

    @Override
    public List<MedicineStock> medicines(String text, int limit) {
        int l = limit(limit);
        String t = text == null ? null : text.length() > 200 ? text.substring(0, 200) : text;
        LocalDate today = clock.today();
        return read(r -> r.medicines(t, today, l));
    }

    @Override
    public List<MedicineStock> lowStock(int limit) {
        int l = limit(limit);
        LocalDate today = clock.today();
        return read(r -> r.lowStock(today, l));
    }

    @Override
    public Optional<StockBatch> batch(String batchId) {
        String id = id("batchId", batchId);
        return read(r -> r.batch(id, false).filter(b -> b.getLot() != null));
    }

    @Override
    public List<StockBatch> batchesOf(String medicineId) {
        String id = id("medicineId", medicineId);
        return read(r -> r.batchesInStock(id, false));
    }

    @Override
    public List<StockBatch> batchesExpiringBefore(LocalDate date, int limit) {
        if (date == null) {
            throw new InvalidInputException("date", "is required");
        }
        int l = limit(limit);
        return read(r -> r.batchesExpiringBefore(date, l));
    }

    @Override
    public List<StockMovement> movementsOf(String batchId) {
        String id = id("batchId", batchId);
        return read(r -> r.movementsOf(id));
    }

    @Override
    public Optional<Patient> patient(String patientId) {
        String id = id("patientId", patientId);
        return read(r -> r.patient(id));
    }

    @Override
    public List<Patient> findPatients(String text, int limit) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("text", "type at least one letter or digit of a name or record number");
        }
        if (text.length() > 200) {
            throw new InvalidInputException("text", "a search has at most 200 characters");
        }
        int l = limit(limit);
        return read(r -> r.findPatients(text, l));
    }

    @Override
    public List<Encounter> encountersOf(String patientId) {
        return entitiesOfPatient("Encounter", patientId, Encounter.class);
    }

    @Override
    public List<Observation> observationsOf(String patientId) {
        return entitiesOfPatient("Observation", patientId, Observation.class);
    }

    @Override
    public List<MedicationOrder> ordersOf(String patientId) {
        return entitiesOfPatient("MedicationOrder", patientId, MedicationOrder.class);
    }

    @Override
    public List<Note> notesOf(String patientId) {
        return entitiesOfPatient("Note", patientId, Note.class);
    }

    @Override
    public List<NoteRevision> revisionsOf(String noteId) {
        String id = id("noteId", noteId);
        List<EObject> found = read(r -> r.entitiesReferringTo("NoteRevision", id));
        return found.stream().map(NoteRevision.class::cast).toList();
    }

    private <T> List<T> entitiesOfPatient(String entityType, String patientId, Class<T> type) {
        String id = id("patientId", patientId);
        List<EObject> found = read(r -> r.entitiesOfPatient(entityType, id));
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
