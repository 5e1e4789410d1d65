package org.salus.core.internal.command;

import java.time.LocalDate;

import org.salus.core.command.InvalidInputException;

/** The clinic's rules for single values; each refusal names the field and says what is accepted. */
public final class Validation {

    /** Largest quantity one command may move. */
    public static final int MAX_QUANTITY = 1_000_000;
    /** Longest free text (a note). */
    public static final int MAX_TEXT = 100_000;
    /** Longest identifier taken from outside (ids, record numbers, lots). */
    public static final int MAX_ID = 64;
    /** Oldest birth date accepted. */
    public static final LocalDate EARLIEST_BIRTH = LocalDate.of(1880, 1, 1);

    private Validation() {
    }

    /** A quantity from 1 to {@value #MAX_QUANTITY}. */
    public static int quantity(String field, int value) {
        if (value < 1 || value > MAX_QUANTITY) {
            throw new InvalidInputException(field, "a quantity must be from 1 to " + String.format("%,d", MAX_QUANTITY)
                    + " units (it was " + String.format("%,d", value) + ")");
        }
        return value;
    }

    /** A signed change: not 0, and at most {@value #MAX_QUANTITY} either way. */
    public static int delta(String field, int value) {
        if (value == 0 || value < -MAX_QUANTITY || value > MAX_QUANTITY) {
            throw new InvalidInputException(field, "a change must be from -" + String.format("%,d", MAX_QUANTITY) + " to "
                    + String.format("%,d", MAX_QUANTITY) + " units and not 0 (it was " + String.format("%,d", value) + ")");
        }
        return value;
    }

    /** A required text of 1 to {@code max} characters, trimmed; line breaks only when {@code multiline}. */
    public static String required(String field, String value, int max, boolean multiline) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        return optional(field, value, max, multiline);
    }

    /** An optional text of at most {@code max} characters, trimmed; blank becomes null. */
    public static String optional(String field, String value, int max, boolean multiline) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw new InvalidInputException(field, "has at most " + String.format("%,d", max) + " characters (this one has "
                    + String.format("%,d", value.length()) + ")");
        }
        String trimmed = multiline ? value.strip() : value.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            boolean allowed = c >= 0x20 && c != 0x7f || multiline && (c == '\n' || c == '\r' || c == '\t');
            if (!allowed) {
                throw new InvalidInputException(field, "contains a control character (code " + (int) c + ") at position " + (i + 1)
                        + (multiline ? "" : "; line breaks and tabs are not allowed here"));
            }
        }
        return trimmed;
    }

    /** An id: required, at most {@value #MAX_ID} characters. */
    public static String id(String field, String value) {
        return required(field, value, MAX_ID, false);
    }

    /**
     * A GTIN with a valid GS1 check digit, 8, 12, 13 or 14 digits, returned as 14 digits (left-padded with zeros).
     */
    public static String gtin(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required (the 14-digit GTIN from the pack's barcode)");
        }
        String digits = value.trim();
        if (!digits.matches("\\d{8}|\\d{12,14}")) {
            throw new InvalidInputException(field, "a GTIN has 8, 12, 13 or 14 digits and nothing else ('" + shorten(digits) + "')");
        }
        String gtin14 = "0".repeat(14 - digits.length()) + digits;
        int expected = gs1CheckDigit(gtin14.substring(0, 13));
        int actual = gtin14.charAt(13) - '0';
        if (expected != actual) {
            throw new InvalidInputException(field, "GTIN " + digits + " has check digit " + actual + " but its other digits need "
                    + expected + ": check the number for a typing error");
        }
        return gtin14;
    }

    /** The GS1 check digit of the digits before it (weights 3 and 1 alternating from the right). */
    public static int gs1CheckDigit(String digitsWithoutCheck) {
        int sum = 0;
        for (int i = 0; i < digitsWithoutCheck.length(); i++) {
            int d = digitsWithoutCheck.charAt(digitsWithoutCheck.length() - 1 - i) - '0';
            sum += (i % 2 == 0) ? 3 * d : d;
        }
        return (10 - sum % 10) % 10;
    }

    /** A value cut for quoting in a message. */
    public static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
