package org.salus.demo;

import java.time.LocalDate;

/**
 * A synthetic patient: the names come from a mixed international list, the phone numbers from a range kept for fiction.
 *
 * @param identifier the clinic record number, unique in one data set (the patient's key), e.g. "MRN-0000042"
 * @param sex        as the model's {@code Sex} literals
 */
public record DemoPatient(String identifier, String givenName, String familyName, LocalDate birthDate, Sex sex, String phone,
        String address) {

    /** The same literals as the model's {@code org.salus.model.clinical.Sex}, so {@code Sex.valueOf(name())} maps them. */
    public enum Sex {
        FEMALE, MALE, OTHER, UNKNOWN
    }
}
