package org.salus.core.command;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.salus.core.access.Permissions;
import org.salus.model.clinical.Sex;

/**
 * Changes some of a patient's demographics; only the fields named in {@code changes} are touched.
 * Keys are the Patient attribute names {@value #FIELD_NAMES}; values are Strings, a {@link LocalDate} for birthDate
 * and a {@link Sex} for sex. A null value clears phone or address.
 *
 * @param patientId the patient
 * @param changes field name to new value
 */
public record UpdateDemographics(String patientId, Map<String, Object> changes) implements Command {

    /** The fields that can be changed. */
    public static final String FIELD_NAMES = "identifier, givenName, familyName, birthDate, sex, phone, address";

    /** The fields that can be changed, as a set. */
    public static final Set<String> FIELDS = Set.of("identifier", "givenName", "familyName", "birthDate", "sex", "phone", "address");

    public UpdateDemographics {
        changes = changes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    /** An update of one patient that changes nothing yet. */
    public static UpdateDemographics of(String patientId) {
        return new UpdateDemographics(patientId, Map.of());
    }

    /** This update with one more changed field. */
    public UpdateDemographics with(String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(changes);
        copy.put(field, value);
        return new UpdateDemographics(patientId, copy);
    }

    /** Needs {@value org.salus.core.access.Permissions#PATIENT_DEMOGRAPHICS}. */
    @Override
    public String permission() {
        return Permissions.PATIENT_DEMOGRAPHICS;
    }
}
