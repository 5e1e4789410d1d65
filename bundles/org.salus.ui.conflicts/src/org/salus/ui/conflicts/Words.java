package org.salus.ui.conflicts;

/** Register fields and values as a person reads them. */
final class Words {

    private Words() {
    }

    static String field(String field) {
        return switch (field) {
            case "identifier" -> "record number";
            case "givenName" -> "given name";
            case "familyName" -> "family name";
            case "birthDate" -> "date of birth";
            case "innName" -> "name (INN)";
            case "reorderLevel" -> "reorder level";
            case "gtin" -> "GTIN";
            default -> field;
        };
    }

    static String value(String value) {
        return value == null ? "(empty)" : value;
    }
}
