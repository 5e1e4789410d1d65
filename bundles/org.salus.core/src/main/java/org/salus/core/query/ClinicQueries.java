package org.salus.core.query;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
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
 * Reads for the user interface, from the projections. Returned model objects are fresh copies the caller may keep.
 * Text searches ignore case and accents. Limits are 1 to {@value #MAX_LIMIT}. Throws
 * {@link org.salus.core.command.StoreUnavailableException} when no store appears within the configured wait.
 */
@ProviderType
public interface ClinicQueries {

    /** The largest result a query returns. */
    int MAX_LIMIT = 10_000;

    /** One medicine. */
    Optional<Medicine> medicine(String medicineId);

    /**
     * Medicines whose INN name contains the text or whose GTIN starts with it, by name.
     *
     * @param text the search text; null or blank for all
     */
    List<MedicineStock> medicines(String text, int limit);

    /** Medicines whose usable stock is at or below their reorder level; critical ones first, then by name. */
    List<MedicineStock> lowStock(int limit);

    /** One batch. */
    Optional<StockBatch> batch(String batchId);

    /** A medicine's batches that hold stock, first-expiring first. */
    List<StockBatch> batchesOf(String medicineId);

    /** Batches that hold stock and expire before a date, soonest first (a range read on the expiry index). */
    List<StockBatch> batchesExpiringBefore(LocalDate date, int limit);

    /** A batch's movements, oldest first. */
    List<StockMovement> movementsOf(String batchId);

    /** One patient. */
    Optional<Patient> patient(String patientId);

    /** Patients whose record number, family name or given name starts with the text, by family name. */
    List<Patient> findPatients(String text, int limit);

    /** A patient's encounters, newest first. */
    List<Encounter> encountersOf(String patientId);

    /** A patient's observations, newest first. */
    List<Observation> observationsOf(String patientId);

    /** A patient's medication orders, newest first. */
    List<MedicationOrder> ordersOf(String patientId);

    /** A patient's notes, newest first. */
    List<Note> notesOf(String patientId);

    /** A note's revisions, first revision first. */
    List<NoteRevision> revisionsOf(String noteId);
}
