package org.salus.core.command;

import org.salus.core.access.Permissions;

/**
 * Prescribes a registered medicine for a patient.
 *
 * @param patientId the patient
 * @param encounterId the visit it was ordered in (of the same patient), or null
 * @param medicineId the medicine
 * @param dose the dose ("500 mg")
 * @param route the route ("oral")
 * @param frequency how often ("3 times a day for 5 days")
 */
public record OrderMedication(String patientId, String encounterId, String medicineId, String dose, String route,
        String frequency) implements Command {

    /** Needs {@value org.salus.core.access.Permissions#CLINICAL_ORDER}. */
    @Override
    public String permission() {
        return Permissions.CLINICAL_ORDER;
    }
}
