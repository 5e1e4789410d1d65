package org.salus.core.command;

import java.time.Instant;

import org.salus.core.access.Permissions;

/**
 * Records a measured or observed value.
 *
 * @param patientId the patient
 * @param encounterId the visit it belongs to (of the same patient), or null
 * @param code what was observed ("body-weight", a LOINC code)
 * @param value the value as text ("72.5")
 * @param unit the unit ("kg"), or null
 * @param effectiveTime when it was observed, or null for now
 */
public record RecordObservation(String patientId, String encounterId, String code, String value, String unit,
        Instant effectiveTime) implements Command {

    /** Needs {@value org.salus.core.access.Permissions#CLINICAL_OBSERVATION}. */
    @Override
    public String permission() {
        return Permissions.CLINICAL_OBSERVATION;
    }
}
