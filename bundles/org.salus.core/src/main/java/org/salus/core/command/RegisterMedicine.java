package org.salus.core.command;

import org.salus.core.access.Permissions;

/**
 * Adds a medicine to the clinic's master data; stock can be received only for registered medicines.
 *
 * @param gtin the 14-digit GTIN (8, 12 and 13 digits are accepted and padded), with a valid GS1 check digit
 * @param innName the international non-proprietary name ("amoxicillin")
 * @param form the dosage form ("capsule")
 * @param strength the strength ("500")
 * @param unit the strength's unit ("mg")
 * @param reorderLevel reorder when usable stock is at or below this (0 or more)
 * @param critical whether running out endangers patients
 */
public record RegisterMedicine(String gtin, String innName, String form, String strength, String unit, int reorderLevel,
        boolean critical) implements Command {

    /** Needs {@value org.salus.core.access.Permissions#MEDICINE_REGISTER}. */
    @Override
    public String permission() {
        return Permissions.MEDICINE_REGISTER;
    }
}
