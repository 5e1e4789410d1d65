package org.example.salus.vaccination;

import java.time.Instant;

/**
 * One vaccine dose given to a patient.
 *
 * @param id the record's id (set by Salus)
 * @param patientId the patient
 * @param vaccineCode the vaccine's code (ATC or the national code, {@code J07BB02})
 * @param vaccineName the vaccine's name as written on the pack
 * @param doseNumber which dose of the schedule (1 for the first)
 * @param lot the lot on the pack, for recalls
 * @param givenAt when it was given
 * @param givenBy who gave it (a name, as the paper register would hold it)
 */
public record Vaccination(String id, String patientId, String vaccineCode, String vaccineName, int doseNumber, String lot,
        Instant givenAt, String givenBy) {
}
