package org.salus.demo;

/**
 * GS1 Global Trade Item Numbers in their 14-digit form (GTIN-14), as printed in a medicine's barcode.
 * The last digit is the GS1 mod-10 check digit over the other 13.
 */
public final class Gtin {

    /** Digits in a GTIN-14, check digit included. */
    public static final int LENGTH = 14;

    private Gtin() {
    }

    /** True when the text is exactly 14 ASCII digits whose last digit is the correct GS1 check digit. */
    public static boolean isValid(String gtin) {
        if (gtin == null || gtin.length() != LENGTH || !allDigits(gtin)) {
            return false;
        }
        return checkDigit(gtin.substring(0, LENGTH - 1)) == gtin.charAt(LENGTH - 1) - '0';
    }

    /**
     * The GTIN-14 made of 13 digits and their check digit.
     *
     * @throws InvalidGtinException unless the input is exactly 13 ASCII digits
     */
    public static String withCheckDigit(String first13) {
        if (first13 == null || first13.length() != LENGTH - 1) {
            throw new InvalidGtinException(first13, "expected " + (LENGTH - 1) + " digits, got "
                    + (first13 == null ? "nothing" : first13.length() + " characters"));
        }
        if (!allDigits(first13)) {
            throw new InvalidGtinException(first13, "only the digits 0-9 are allowed");
        }
        return first13 + checkDigit(first13);
    }

    /**
     * The GS1 mod-10 check digit for any number of data digits: weights 3 and 1 alternate from the rightmost digit,
     * and the check digit brings the weighted sum up to a multiple of ten.
     */
    static int checkDigit(String digits) {
        int sum = 0;
        for (int i = digits.length() - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
            sum += (digits.charAt(i) - '0') * weight;
        }
        return (10 - sum % 10) % 10;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
