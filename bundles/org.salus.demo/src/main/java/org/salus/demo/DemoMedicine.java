package org.salus.demo;

/**
 * A medicine of the demo catalogue, from the WHO Model List of Essential Medicines.
 *
 * @param gtin         a synthesised GTIN-14 with a valid GS1 check digit, unique in the catalogue (the medicine's key)
 * @param innName      the International Nonproprietary Name; combinations are joined by '+'
 * @param form         the dosage form, e.g. "tablet", "powder for injection"
 * @param strength     the strength figure(s), e.g. "500" or "20+120"
 * @param unit         the unit of the strength, e.g. "mg", "mg/5 mL", "IU/mL"
 * @param critical     whether running out of it endangers lives
 * @param reorderLevel stock (in dispensing units: tablets, ampoules, bottles) at which to reorder
 */
public record DemoMedicine(String gtin, String innName, String form, String strength, String unit, boolean critical, int reorderLevel) {
}
