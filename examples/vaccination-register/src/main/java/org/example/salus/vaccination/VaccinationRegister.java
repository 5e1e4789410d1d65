package org.example.salus.vaccination;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.command.Actor;

/**
 * Records vaccinations and reads a patient's. Recording needs the permission {@value #RECORD_PERMISSION}, which an
 * administrator grants to roles; reading needs {@code patient.read}. Salus checks both for every call, records each
 * vaccination as an operation on the device's op log (audited, synced to the hub and the clinic's other
 * workstations), and refuses bad input with {@link org.salus.core.command.InvalidInputException} naming the field.
 */
@ProviderType
public interface VaccinationRegister {

    /** The permission that records a vaccination. */
    String RECORD_PERMISSION = "vaccination.record";

    /** Records a dose given to a patient; the result carries its new id. */
    Vaccination record(Actor actor, String patientId, String vaccineCode, String vaccineName, int doseNumber, String lot,
            Instant givenAt, String givenBy);

    /** A patient's vaccinations, the most recently given first. */
    List<Vaccination> ofPatient(Actor actor, String patientId);

    /** Doses and vaccinated patients per vaccine over the given patients, by vaccine code. */
    List<VaccineCount> report(Actor actor, Collection<String> patientIds);
}
