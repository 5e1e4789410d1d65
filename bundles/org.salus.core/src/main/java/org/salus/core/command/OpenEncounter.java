package org.salus.core.command;

import java.time.Instant;

import org.salus.core.access.Permissions;

/**
 * Opens a visit of a patient.
 *
 * @param patientId the patient
 * @param kind the kind of visit ("outpatient")
 * @param reason why the patient came, or null
 * @param start when it started, or null for now
 */
public record OpenEncounter(String patientId, String kind, String reason, Instant start) implements Command {

    /** Needs {@value org.salus.core.access.Permissions#CLINICAL_ENCOUNTER}. */
    @Override
    public String permission() {
        return Permissions.CLINICAL_ENCOUNTER;
    }
}
