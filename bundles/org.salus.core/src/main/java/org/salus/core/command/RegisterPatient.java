package org.salus.core.command;

import java.time.LocalDate;

import org.salus.core.access.Permissions;
import org.salus.model.clinical.Sex;

/**
 * Registers a patient.
 *
 * @param identifier the clinic's record number; unique
 * @param givenName given name(s)
 * @param familyName family name
 * @param birthDate date of birth, not in the future; null when unknown
 * @param sex sex; null means UNKNOWN
 * @param phone phone number, or null
 * @param address postal address, or null
 */
public record RegisterPatient(String identifier, String givenName, String familyName, LocalDate birthDate, Sex sex,
        String phone, String address) implements Command {

    /** Needs {@value org.salus.core.access.Permissions#PATIENT_REGISTER}. */
    @Override
    public String permission() {
        return Permissions.PATIENT_REGISTER;
    }
}
