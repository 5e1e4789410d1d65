package org.salus.demo.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.salus.demo.DemoDataException;
import org.salus.demo.DemoMedicine;
import org.salus.demo.Gtin;

/** Reads the medicine list (CSV: inn,form,strength,unit,critical,reorderLevel) and gives each row a GTIN. */
public final class Catalogue {

    public static final String HEADER = "inn,form,strength,unit,critical,reorderLevel";

    // GS1 prefix 952 is reserved for demonstrations, so these GTINs can never name a real product.
    private static final String DEMO_PREFIX = "0" + "952" + "0042";

    private Catalogue() {
    }

    /** The GTIN of the n-th row (0-based) of a catalogue. */
    public static String gtinOfRow(int row) {
        if (row < 0 || row > 99_998) {
            throw new DemoDataException("A demo catalogue has at most 99,999 rows; row " + (row + 1) + " has no GTIN");
        }
        return Gtin.withCheckDigit(DEMO_PREFIX + String.format(Locale.ROOT, "%05d", row + 1));
    }

    public static List<DemoMedicine> read(Reader reader, String source) throws IOException {
        BufferedReader in = new BufferedReader(reader);
        String header = in.readLine();
        if (header == null || !HEADER.equals(stripBom(header).trim())) {
            throw new DemoDataException(source + ":1: expected the header '" + HEADER + "', found '" + header + "'");
        }
        List<DemoMedicine> medicines = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int lineNo = 1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            String where = source + ":" + lineNo + ": ";
            if (f.length != 6) {
                throw new DemoDataException(where + "expected 6 comma-separated fields (" + HEADER + "), found " + f.length);
            }
            for (int i = 0; i < 4; i++) {
                f[i] = f[i].trim();
                if (f[i].isEmpty()) {
                    throw new DemoDataException(where + "field '" + HEADER.split(",")[i] + "' is empty");
                }
            }
            boolean critical = switch (f[4].trim()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new DemoDataException(where + "critical must be true or false, found '" + f[4].trim() + "'");
            };
            int reorderLevel;
            try {
                reorderLevel = Integer.parseInt(f[5].trim());
            } catch (NumberFormatException e) {
                throw new DemoDataException(where + "reorderLevel must be a whole number, found '" + f[5].trim() + "'");
            }
            if (reorderLevel < 0) {
                throw new DemoDataException(where + "reorderLevel must not be negative, found " + reorderLevel);
            }
            if (!keys.add(f[0] + "|" + f[1] + "|" + f[2] + "|" + f[3])) {
                throw new DemoDataException(where + "duplicate medicine " + f[0] + " " + f[2] + " " + f[3] + " " + f[1]);
            }
            medicines.add(new DemoMedicine(gtinOfRow(medicines.size()), f[0], f[1], f[2], f[3], critical, reorderLevel));
        }
        return List.copyOf(medicines);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
