package org.salus.barcode;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a GS1 barcode says about a medicine pack.
 *
 * @param symbology the symbology named by the scanner's prefix ({@code ]d2} GS1 DataMatrix, {@code ]C1} GS1-128,
 *        {@code ]Q3} GS1 QR Code, {@code ]e0} GS1 DataBar), or null when the scan carried none
 * @param gtin AI 01: the pack's 14-digit GTIN (check digit verified), or null
 * @param expiry AI 17: the expiry date (day 00 already turned into the month's last day), or null
 * @param lot AI 10: the batch or lot number, or null
 * @param serial AI 21: the pack's serial number, or null
 * @param elements every element string read, by application identifier, in the order scanned
 */
public record Gs1Data(String symbology, String gtin, LocalDate expiry, String lot, String serial, Map<String, String> elements) {

    public Gs1Data {
        elements = Collections.unmodifiableMap(new LinkedHashMap<>(elements));
    }

    /** The raw value of an application identifier, or null. */
    public String element(String ai) {
        return elements.get(ai);
    }

    /** The human-readable interpretation printed under a barcode: {@code (01)09501101530003(17)270331(10)AB12}. */
    public String humanReadable() {
        StringBuilder sb = new StringBuilder();
        elements.forEach((ai, value) -> sb.append('(').append(ai).append(')').append(value));
        return sb.toString();
    }
}
