package org.salus.core.query;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.command.Actor;
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
 * <p>
 * <b>Who may read what.</b> Every read names the {@link Actor} it is done for and is checked inside the service, in
 * the read's own transaction, by the same access control and the same session checks as a command:
 * <ul>
 * <li><b>Patient data</b> ({@link #patient}, {@link #findPatients}, {@link #encountersOf}, {@link #observationsOf},
 * {@link #ordersOf}, {@link #notesOf}, {@link #revisionsOf}) needs
 * {@link org.salus.core.access.Permissions#PATIENT_READ patient.read}: a patient's record is told only to those whose
 * work needs it (clinicians and the front desk by default).</li>
 * <li><b>Medicines and stock</b> ({@link #medicine}, {@link #medicines}, {@link #lowStock}, {@link #batch},
 * {@link #batchesOf}, {@link #batchesExpiringBefore}, {@link #movementsOf}) need no particular permission, only a
 * session that may act now: known, not ended, expired or locked, no password change pending, its account enabled
 * ({@link org.salus.core.access.AccessControl#decideSession}). Every role that signs in may look at stock: the
 * clinician who prescribes and the auditor who checks need it as much as the pharmacist, and stock holds no patient
 * data (a dispense against an order names only the order's id, and reading the order needs {@code patient.read}).</li>
 * </ul>
 * A refusal returns nothing: it records one audit operation ({@code audit.access.denied}, naming the permission, or
 * {@code session} for a stock read, and what was asked) and throws
 * {@link org.salus.core.access.PermissionDeniedException} or {@link org.salus.core.access.SessionRefusedException};
 * with no access control running every read throws {@link org.salus.core.access.AccessControlUnavailableException}.
 * An allowed read counts as activity of the session.
 */
@ProviderType
public interface ClinicQueries {

    /** The largest result a query returns. */
    int MAX_LIMIT = 10_000;

    /** One medicine. */
    Optional<Medicine> medicine(Actor actor, String medicineId);

    /**
     * Medicines whose INN name contains the text or whose GTIN starts with it, by name.
     *
     * @param text the search text; null or blank for all
     */
    List<MedicineStock> medicines(Actor actor, String text, int limit);

    /** Medicines whose usable stock is at or below their reorder level; critical ones first, then by name. */
    List<MedicineStock> lowStock(Actor actor, int limit);

    /** One batch. */
    Optional<StockBatch> batch(Actor actor, String batchId);

    /** A medicine's batches that hold stock, first-expiring first. */
    List<StockBatch> batchesOf(Actor actor, String medicineId);

    /** Batches that hold stock and expire before a date, soonest first (a range read on the expiry index). */
    List<StockBatch> batchesExpiringBefore(Actor actor, LocalDate date, int limit);

    /** A batch's movements, oldest first. */
    List<StockMovement> movementsOf(Actor actor, String batchId);

    /** One patient. Needs {@code patient.read}. */
    Optional<Patient> patient(Actor actor, String patientId);

    /** Patients whose record number, family name or given name starts with the text, by family name. Needs {@code patient.read}. */
    List<Patient> findPatients(Actor actor, String text, int limit);

    /** A patient's encounters, newest first. Needs {@code patient.read}. */
    List<Encounter> encountersOf(Actor actor, String patientId);

    /** A patient's observations, newest first. Needs {@code patient.read}. */
    List<Observation> observationsOf(Actor actor, String patientId);

    /** A patient's medication orders, newest first. Needs {@code patient.read}. */
    List<MedicationOrder> ordersOf(Actor actor, String patientId);

    /** A patient's notes, newest first. Needs {@code patient.read}. */
    List<Note> notesOf(Actor actor, String patientId);

    /** A note's revisions, first revision first. Needs {@code patient.read}. */
    List<NoteRevision> revisionsOf(Actor actor, String noteId);
}
