package org.example.salus.vaccination;

/**
 * A line of the vaccination report: how many doses of a vaccine a set of patients received.
 *
 * @param vaccineCode the vaccine's code
 * @param vaccineName its name, as last recorded
 * @param doses how many doses
 * @param patients how many patients received at least one
 */
public record VaccineCount(String vaccineCode, String vaccineName, int doses, int patients) {
}
