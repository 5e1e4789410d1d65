package org.salus.barcode;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads GS1 element strings as a scanner types them: an optional symbology identifier ({@code ]d2}, {@code ]C1},
 * {@code ]Q3}, {@code ]e0}), then application identifiers and their data. Fields of predefined length need no
 * separator; a variable-length field ends at the group separator (FNC1, sent as GS {@code \u001d}) or at the end. The
 * bracketed form printed under barcodes, {@code (01)...(17)...(10)...}, is read too, for typing a code by hand.
 * <p>
 * Understood: 00, 01, 02 (GTINs are check-digit verified), 10 lot, 11-17 dates (17 expiry; day 00 means the month's
 * last day), 20, 21 serial, 22, 30, 37, 240, 241, 710-715 (national healthcare reimbursement numbers), 90-99. Any other
 * application identifier is refused, since its length cannot be known.
 */
public final class Gs1Parser {

    /** The group separator scanners send for FNC1 between fields. */
    public static final char GS = '\u001d';

    /** The GS1 AI encodable character set 82 (alphanumeric fields). */
    private static final Pattern CSET82 = Pattern.compile("[!\"%&'()*+,\\-./0-9:;<=>?A-Z_a-z]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]*");

    private enum Kind { NUMERIC, ALPHANUMERIC, DATE, GTIN }

    private record Ai(String code, int fixed, int max, Kind kind, String name) {
        boolean fixedLength() {
            return fixed > 0;
        }
    }

    private static final Map<String, Ai> AIS = new LinkedHashMap<>();

    static {
        fixed("00", 18, Kind.NUMERIC, "SSCC");
        fixed("01", 14, Kind.GTIN, "GTIN");
        fixed("02", 14, Kind.GTIN, "GTIN of contained items");
        variable("10", 20, Kind.ALPHANUMERIC, "lot");
        fixed("11", 6, Kind.DATE, "production date");
        fixed("12", 6, Kind.DATE, "due date");
        fixed("13", 6, Kind.DATE, "packaging date");
        fixed("15", 6, Kind.DATE, "best before date");
        fixed("16", 6, Kind.DATE, "sell by date");
        fixed("17", 6, Kind.DATE, "expiry date");
        fixed("20", 2, Kind.NUMERIC, "variant");
        variable("21", 20, Kind.ALPHANUMERIC, "serial number");
        variable("22", 20, Kind.ALPHANUMERIC, "consumer product variant");
        variable("30", 8, Kind.NUMERIC, "count");
        variable("37", 8, Kind.NUMERIC, "count of trade items");
        variable("240", 30, Kind.ALPHANUMERIC, "additional product id");
        variable("241", 30, Kind.ALPHANUMERIC, "customer part number");
        for (int i = 710; i <= 715; i++) {
            variable(String.valueOf(i), 20, Kind.ALPHANUMERIC, "national healthcare reimbursement number");
        }
        variable("90", 30, Kind.ALPHANUMERIC, "internal information");
        for (int i = 91; i <= 99; i++) {
            variable(String.valueOf(i), 90, Kind.ALPHANUMERIC, "company internal information");
        }
    }

    private static void fixed(String code, int length, Kind kind, String name) {
        AIS.put(code, new Ai(code, length, length, kind, name));
    }

    private static void variable(String code, int max, Kind kind, String name) {
        AIS.put(code, new Ai(code, 0, max, kind, name));
    }

    private final int referenceYear;

    /**
     * @param today decides the century of two-digit years (GS1 rule: within 49 years ahead or 50 years back)
     */
    public Gs1Parser(LocalDate today) {
        this.referenceYear = today.getYear();
    }

    /**
     * Reads one scan.
     *
     * @throws Gs1FormatException naming the position and the application identifier of the first problem
     */
    public Gs1Data parse(String scan) {
        if (scan == null) {
            throw new Gs1FormatException(-1, null, "Nothing was scanned.");
        }
        String s = stripLineEnd(scan);
        String symbology = null;
        if (s.length() >= 3 && s.charAt(0) == ']') {
            symbology = s.substring(0, 3);
            if (!symbology.equals("]d2") && !symbology.equals("]C1") && !symbology.equals("]Q3") && !symbology.equals("]e0")) {
                throw new Gs1FormatException(0, null, "This barcode (" + symbology + ") is not a GS1 barcode: scan the GS1 DataMatrix"
                        + " or GS1-128 code on the pack.");
            }
            s = s.substring(3);
        }
        if (s.isEmpty()) {
            throw new Gs1FormatException(0, null, "The scan holds no data.");
        }
        Map<String, String> elements = s.startsWith("(") ? bracketed(s) : raw(s);
        String gtin = elements.get("01");
        String expiryText = elements.get("17");
        LocalDate expiry = expiryText == null ? null : date(expiryText, "17");
        return new Gs1Data(symbology, gtin, expiry, elements.get("10"), elements.get("21"), elements);
    }

    /** Reads element strings as encoded: AI, data, and GS after every variable-length field but the last. */
    private Map<String, String> raw(String s) {
        Map<String, String> elements = new LinkedHashMap<>();
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == GS) {
                i++; // FNC1 in first position, or a separator after a fixed-length field
                continue;
            }
            Ai ai = identify(s, i);
            int start = i + ai.code().length();
            String value;
            if (ai.fixedLength()) {
                int end = start + ai.fixed();
                if (end > s.length()) {
                    throw new Gs1FormatException(start, ai.code(), "The " + ai.name() + " (AI " + ai.code() + ") needs " + ai.fixed()
                            + " characters, but the scan ends after " + (s.length() - start) + ".");
                }
                value = s.substring(start, end);
                if (value.indexOf(GS) >= 0) {
                    throw new Gs1FormatException(start + value.indexOf(GS), ai.code(), "The " + ai.name() + " (AI " + ai.code()
                            + ") is cut short by a separator: it needs " + ai.fixed() + " characters.");
                }
                i = end;
            } else {
                int end = s.indexOf(GS, start);
                if (end < 0) {
                    end = s.length();
                }
                value = s.substring(start, end);
                i = end;
            }
            put(elements, ai, value, start);
        }
        return elements;
    }

    /** Reads the human-readable form {@code (01)09501101530003(17)270331(10)AB12}. */
    private Map<String, String> bracketed(String s) {
        Map<String, String> elements = new LinkedHashMap<>();
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) != '(') {
                throw new Gs1FormatException(i, null, "Expected '(' and an application identifier at character " + (i + 1) + ".");
            }
            int close = s.indexOf(')', i);
            if (close < 0) {
                throw new Gs1FormatException(i, null, "An application identifier in brackets is not closed.");
            }
            String code = s.substring(i + 1, close);
            Ai ai = AIS.get(code);
            if (ai == null) {
                throw new Gs1FormatException(i + 1, code, "Application identifier (" + code + ") is not one Salus reads.");
            }
            int next = s.indexOf('(', close + 1);
            // a '(' is allowed inside alphanumeric data; only one that starts a known "(AI)" ends the field
            while (next >= 0 && !startsKnownAi(s, next)) {
                next = s.indexOf('(', next + 1);
            }
            int end = next < 0 ? s.length() : next;
            String value = s.substring(close + 1, end);
            if (ai.fixedLength() && value.length() != ai.fixed()) {
                throw new Gs1FormatException(close + 1, code, "The " + ai.name() + " (AI " + code + ") needs " + ai.fixed()
                        + " characters, not " + value.length() + ".");
            }
            put(elements, ai, value, close + 1);
            i = end;
        }
        return elements;
    }

    private static boolean startsKnownAi(String s, int at) {
        int close = s.indexOf(')', at);
        return close > at && AIS.containsKey(s.substring(at + 1, close));
    }

    private static Ai identify(String s, int at) {
        for (int len = 2; len <= 4 && at + len <= s.length(); len++) {
            Ai ai = AIS.get(s.substring(at, at + len));
            if (ai != null) {
                return ai;
            }
        }
        String shown = s.substring(at, Math.min(s.length(), at + 4));
        throw new Gs1FormatException(at, null, "Application identifier starting '" + printable(shown) + "' at character " + (at + 1)
                + " is not one Salus reads (or a separator is missing before it).");
    }

    private void put(Map<String, String> elements, Ai ai, String value, int position) {
        if (value.isEmpty()) {
            throw new Gs1FormatException(position, ai.code(), "The " + ai.name() + " (AI " + ai.code() + ") is empty.");
        }
        if (value.length() > ai.max()) {
            throw new Gs1FormatException(position, ai.code(), "The " + ai.name() + " (AI " + ai.code() + ") has " + value.length()
                    + " characters; at most " + ai.max() + " are allowed (is a separator missing after it?).");
        }
        switch (ai.kind()) {
            case NUMERIC, DATE -> requireDigits(ai, value, position);
            case GTIN -> {
                requireDigits(ai, value, position);
                if (!checkDigitValid(value)) {
                    throw new Gs1FormatException(position, ai.code(), "The GTIN " + value + " has a wrong check digit: the scan is"
                            + " damaged or mistyped.");
                }
            }
            case ALPHANUMERIC -> {
                if (!CSET82.matcher(value).matches()) {
                    throw new Gs1FormatException(position, ai.code(), "The " + ai.name() + " (AI " + ai.code() + ") holds characters a"
                            + " GS1 barcode cannot carry: '" + printable(value) + "'.");
                }
            }
        }
        if (ai.kind() == Kind.DATE) {
            date(value, ai.code());
        }
        String before = elements.putIfAbsent(ai.code(), value);
        if (before != null && !before.equals(value)) {
            throw new Gs1FormatException(position, ai.code(), "The scan holds two different values for AI " + ai.code() + ": " + before
                    + " and " + value + ".");
        }
    }

    private static void requireDigits(Ai ai, String value, int position) {
        if (!DIGITS.matcher(value).matches()) {
            throw new Gs1FormatException(position, ai.code(), "The " + ai.name() + " (AI " + ai.code() + ") must be digits only: '"
                    + printable(value) + "'.");
        }
    }

    /**
     * A GS1 date YYMMDD: the century follows the GS1 sliding window around the reference year, and day 00 stands for
     * the last day of the month.
     */
    LocalDate date(String yymmdd, String ai) {
        int yy = Integer.parseInt(yymmdd.substring(0, 2));
        int mm = Integer.parseInt(yymmdd.substring(2, 4));
        int dd = Integer.parseInt(yymmdd.substring(4, 6));
        int year = century(yy, referenceYear);
        if (mm < 1 || mm > 12) {
            throw new Gs1FormatException(-1, ai, "The date " + yymmdd + " (AI " + ai + ") has no month " + mm + ".");
        }
        YearMonth month = YearMonth.of(year, mm);
        if (dd == 0) {
            return month.atEndOfMonth();
        }
        try {
            return month.atDay(dd);
        } catch (DateTimeException e) {
            throw new Gs1FormatException(-1, ai, "The date " + yymmdd + " (AI " + ai + ") has no day " + dd + " in " + month + ".");
        }
    }

    /** GS1 General Specifications, century of a two-digit year: up to 49 years ahead, else up to 50 years back. */
    static int century(int yy, int referenceYear) {
        int current = referenceYear % 100;
        int base = referenceYear - current;
        int diff = yy - current;
        if (diff >= 51) {
            return base - 100 + yy;
        }
        if (diff <= -50) {
            return base + 100 + yy;
        }
        return base + yy;
    }

    /** GS1 mod-10: weights 3 and 1 alternate from the digit left of the check digit. */
    static boolean checkDigitValid(String digits) {
        int sum = 0;
        int weight = 3;
        for (int i = digits.length() - 2; i >= 0; i--) {
            sum += (digits.charAt(i) - '0') * weight;
            weight = 4 - weight;
        }
        int check = (10 - sum % 10) % 10;
        return check == digits.charAt(digits.length() - 1) - '0';
    }

    private static String stripLineEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String printable(String s) {
        return s.replace(String.valueOf(GS), "<GS>");
    }
}
