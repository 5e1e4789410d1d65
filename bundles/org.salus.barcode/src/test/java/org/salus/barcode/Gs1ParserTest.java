package org.salus.barcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class Gs1ParserTest {

    private static final String GS = "\u001d";
    private static final String GTIN = "09501101530003";
    private final Gs1Parser parser = new Gs1Parser(LocalDate.of(2026, 11, 22));

    @Test
    void readsAGs1DataMatrixWithSymbologyPrefixAndSeparators() {
        Gs1Data d = parser.parse("]d2" + "01" + GTIN + "17270331" + "10" + "AB-12/X" + GS + "21" + "SN0001");
        assertEquals("]d2", d.symbology());
        assertEquals(GTIN, d.gtin());
        assertEquals(LocalDate.of(2027, 3, 31), d.expiry());
        assertEquals("AB-12/X", d.lot());
        assertEquals("SN0001", d.serial());
        assertEquals(List.of("01", "17", "10", "21"), List.copyOf(d.elements().keySet()));
        assertEquals("(01)" + GTIN + "(17)270331(10)AB-12/X(21)SN0001", d.humanReadable());
    }

    @Test
    void readsGs1128WithTheVariableLotLastAndNoSeparatorAtTheEnd() {
        Gs1Data d = parser.parse("]C1" + "01" + GTIN + "21" + "7XK2" + GS + "17" + "280115" + "10" + "LOT42");
        assertEquals("]C1", d.symbology());
        assertEquals("7XK2", d.serial());
        assertEquals(LocalDate.of(2028, 1, 15), d.expiry());
        assertEquals("LOT42", d.lot());
    }

    @Test
    void dayZeroMeansTheLastDayOfTheMonth() {
        assertEquals(LocalDate.of(2028, 2, 29), parser.parse("01" + GTIN + "17280200").expiry(), "leap year");
        assertEquals(LocalDate.of(2027, 2, 28), parser.parse("01" + GTIN + "17270200").expiry());
        assertEquals(LocalDate.of(2026, 12, 31), parser.parse("01" + GTIN + "17261200").expiry());
        assertEquals(LocalDate.of(2027, 4, 30), parser.parse("01" + GTIN + "17270400").expiry());
    }

    @Test
    void twoDigitYearsFollowTheGs1CenturyWindow() {
        assertEquals(2075, Gs1Parser.century(75, 2026), "49 years ahead stays in this century");
        assertEquals(1977, Gs1Parser.century(77, 2026), "51 years ahead is the last century");
        assertEquals(2010, Gs1Parser.century(10, 2026));
        assertEquals(2101, Gs1Parser.century(1, 2051), "50 years back is the next century");
        assertEquals(2002, Gs1Parser.century(2, 2051));
    }

    @Test
    void aLeadingFnc1AndASeparatorAfterAFixedFieldAreTolerated() {
        Gs1Data d = parser.parse(GS + "01" + GTIN + GS + "17270331" + GS + "10" + "A1" + GS);
        assertEquals(GTIN, d.gtin());
        assertEquals("A1", d.lot());
    }

    @Test
    void trailingLineEndFromTheScannerIsIgnored() {
        assertEquals("LOT7", parser.parse("]d201" + GTIN + "10LOT7\r\n").lot());
    }

    @Test
    void readsTheBracketedFormTypedByHand() {
        Gs1Data d = parser.parse("(01)" + GTIN + "(17)270300(10)B(7)(21)99");
        assertNull(d.symbology());
        assertEquals(LocalDate.of(2027, 3, 31), d.expiry());
        assertEquals("B(7)", d.lot(), "a bracket that starts no known AI is data");
        assertEquals("99", d.serial());
    }

    @Test
    void withoutASeparatorAVariableFieldRunsToTheEnd() {
        // the lot swallows what looks like a serial: that is how the code was encoded, and the 20-character limit still holds
        assertEquals("ABC21XYZ", parser.parse("01" + GTIN + "10ABC21XYZ").lot());
    }

    @Test
    void aWrongGtinCheckDigitIsRefused() {
        Gs1FormatException e = assertThrows(Gs1FormatException.class, () -> parser.parse("]d20109501101530004"));
        assertEquals("01", e.ai());
        assertTrue(e.getMessage().contains("check digit"), e.getMessage());
    }

    @Test
    void aLotLongerThanTwentyCharactersIsRefused() {
        Gs1FormatException e = assertThrows(Gs1FormatException.class, () -> parser.parse("01" + GTIN + "10" + "A".repeat(21)));
        assertEquals("10", e.ai());
        assertTrue(e.getMessage().contains("at most 20"), e.getMessage());
    }

    @Test
    void impossibleDatesAreRefused() {
        assertEquals("17", assertThrows(Gs1FormatException.class, () -> parser.parse("01" + GTIN + "17271301")).ai());
        Gs1FormatException e = assertThrows(Gs1FormatException.class, () -> parser.parse("01" + GTIN + "17270230"));
        assertTrue(e.getMessage().contains("no day 30"), e.getMessage());
    }

    @Test
    void aTruncatedFixedFieldIsRefused() {
        Gs1FormatException e = assertThrows(Gs1FormatException.class, () -> parser.parse("]d2" + "01" + GTIN + "172703"));
        assertEquals("17", e.ai());
        assertEquals(18, e.position());
    }

    @Test
    void unknownApplicationIdentifiersAndNonGs1SymbologiesAreRefused() {
        Gs1FormatException unknown = assertThrows(Gs1FormatException.class, () -> parser.parse("01" + GTIN + "4212345"));
        assertEquals(16, unknown.position());
        Gs1FormatException plain = assertThrows(Gs1FormatException.class, () -> parser.parse("]d1HELLO"));
        assertTrue(plain.getMessage().contains("not a GS1 barcode"), plain.getMessage());
        assertThrows(Gs1FormatException.class, () -> parser.parse(""));
        assertThrows(Gs1FormatException.class, () -> parser.parse("]d2"));
        assertThrows(Gs1FormatException.class, () -> parser.parse(null));
    }

    @Test
    void charactersOutsideTheGs1SetAndNonDigitsAreRefused() {
        assertEquals("10", assertThrows(Gs1FormatException.class, () -> parser.parse("01" + GTIN + "10LOT#1")).ai());
        assertEquals("01", assertThrows(Gs1FormatException.class, () -> parser.parse("010950110153000X")).ai());
        assertEquals("10", assertThrows(Gs1FormatException.class, () -> parser.parse("01" + GTIN + "10" + GS)).ai(), "empty lot");
    }

    @Test
    void twoDifferentValuesForOneIdentifierAreRefused() {
        Gs1FormatException e = assertThrows(Gs1FormatException.class, () -> parser.parse("10A" + GS + "10B"));
        assertTrue(e.getMessage().contains("two different values"), e.getMessage());
    }

    @Test
    void nationalReimbursementNumbersAndCompanyFieldsAreRead() {
        Gs1Data d = parser.parse("]d201" + GTIN + "7101234567" + GS + "91X-9" + GS + "10L1");
        assertEquals("1234567", d.element("710"));
        assertEquals("X-9", d.element("91"));
        assertEquals("L1", d.lot());
        assertNull(d.serial());
        assertNull(d.expiry());
    }
}
