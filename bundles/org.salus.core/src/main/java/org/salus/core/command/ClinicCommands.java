package org.salus.core.command;

import java.time.LocalDate;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.model.clinical.Sex;

/**
 * Records what people do to clinic data. Each command is validated, turned into operations, and the operations are
 * appended to the op log and applied to the projections in one transaction: all of it is recorded, or none.
 * Every command is first checked against the permission it names ({@link Command#permission()}) for the user behind
 * the {@link Actor}'s session; a refusal records an audit operation and nothing else.
 * Errors are {@link CommandException}s.
 */
@ProviderType
public interface ClinicCommands {

    /**
     * Records one command.
     *
     * @throws InvalidInputException a field is refused
     * @throws NotFoundException a referenced entity does not exist
     * @throws StockRefusedException stock cannot be taken as asked
     * @throws StoreUnavailableException no store appeared within the configured wait
     * @throws StoreFailureException the store failed while recording
     * @throws org.salus.core.access.PermissionDeniedException the user's roles do not grant the command's permission
     * @throws org.salus.core.access.SessionRefusedException the actor's session is unknown, forged, expired or locked
     * @throws org.salus.core.access.AccessControlUnavailableException no access control is running
     */
    CommandResult execute(Actor actor, Command command);

    /**
     * Records several commands in one transaction: every one of them, or (when one is refused) none. Later commands
     * see the effects of earlier ones (a medicine registered first can be received next). The permission of every
     * command is checked first; one refusal refuses the whole batch.
     */
    CommandResult executeAll(Actor actor, List<? extends Command> batch);

    /** Registers a medicine; the result names the new Medicine. */
    default CommandResult registerMedicine(Actor actor, String gtin, String innName, String form, String strength,
            String unit, int reorderLevel, boolean critical) {
        return execute(actor, new RegisterMedicine(gtin, innName, form, strength, unit, reorderLevel, critical));
    }

    /** Receives a delivery; the result names the StockBatch and StockMovement. */
    default CommandResult receiveStock(Actor actor, String medicineId, String lot, LocalDate expiry, String location, int quantity) {
        return execute(actor, new ReceiveStock(medicineId, lot, expiry, location, quantity));
    }

    /** Dispenses first-expired-first-out; the result names one StockMovement per batch used. */
    default CommandResult dispense(Actor actor, String medicineId, int quantity) {
        return execute(actor, Dispense.fefo(medicineId, quantity));
    }

    /** Dispenses against a medication order of a patient, first-expired-first-out. */
    default CommandResult dispenseForOrder(Actor actor, String orderId, String patientId, String medicineId, int quantity) {
        return execute(actor, Dispense.fefo(medicineId, quantity).forOrder(orderId, patientId));
    }

    /** Corrects a batch's quantity by a signed delta, with a reason. */
    default CommandResult adjust(Actor actor, String batchId, int delta, String reason) {
        return execute(actor, new Adjust(batchId, delta, reason));
    }

    /** Writes off what is left of an expired batch. */
    default CommandResult writeOffExpired(Actor actor, String batchId) {
        return execute(actor, new WriteOffExpired(batchId, null));
    }

    /** Moves units of a batch to another location. */
    default CommandResult transfer(Actor actor, String batchId, int quantity, String toLocation) {
        return execute(actor, new Transfer(batchId, quantity, toLocation));
    }

    /** Registers a patient; the result names the new Patient. */
    default CommandResult registerPatient(Actor actor, String identifier, String givenName, String familyName,
            LocalDate birthDate, Sex sex) {
        return execute(actor, new RegisterPatient(identifier, givenName, familyName, birthDate, sex, null, null));
    }

    /** Changes some demographics of a patient. */
    default CommandResult updateDemographics(Actor actor, UpdateDemographics update) {
        return execute(actor, update);
    }

    /** Opens a visit now; the result names the new Encounter. */
    default CommandResult openEncounter(Actor actor, String patientId, String kind, String reason) {
        return execute(actor, new OpenEncounter(patientId, kind, reason, null));
    }

    /** Records an observation made now. */
    default CommandResult recordObservation(Actor actor, String patientId, String encounterId, String code, String value, String unit) {
        return execute(actor, new RecordObservation(patientId, encounterId, code, value, unit, null));
    }

    /** Prescribes a medicine; the result names the new MedicationOrder. */
    default CommandResult orderMedication(Actor actor, String patientId, String encounterId, String medicineId, String dose,
            String route, String frequency) {
        return execute(actor, new OrderMedication(patientId, encounterId, medicineId, dose, route, frequency));
    }

    /** Stops a medication order. */
    default CommandResult discontinueMedication(Actor actor, String orderId, String reason) {
        return execute(actor, new DiscontinueMedication(orderId, reason));
    }

    /** Writes a note; the result names the Note and its first NoteRevision. */
    default CommandResult writeNote(Actor actor, String patientId, String encounterId, String title, String text) {
        return execute(actor, new WriteNote(patientId, encounterId, title, text));
    }

    /** Revises a note; the result names the new NoteRevision. */
    default CommandResult reviseNote(Actor actor, String noteId, String text) {
        return execute(actor, new ReviseNote(noteId, text));
    }
}
