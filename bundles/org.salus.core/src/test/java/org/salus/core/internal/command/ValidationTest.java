package org.salus.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.salus.core.command.InvalidInputException;

class ValidationTest {

    @Test
    void gs1CheckDigitsOfKnownNumbers() {
        assertEquals(1, Validation.gs1CheckDigit("400638133393"));   // EAN-13 4006381333931
        assertEquals(4, Validation.gs1CheckDigit("9638507"));        // EAN-8 96385074
        assertEquals(2, Validation.gs1CheckDigit("03600029145"));   // UPC-A 036000291452
        assertEquals(5, Validation.gs1CheckDigit("1061414100041"));   // GTIN-14 10614141000415
    }

    @Test
    void acceptsGtinsOfEveryLengthAndPadsThemTo14() {
        assertEquals("04006381333931", Validation.gtin("gtin", "4006381333931"));
        assertEquals("00036000291452", Validation.gtin("gtin", "036000291452"));
        assertEquals("10614141000415", Validation.gtin("gtin", "10614141000415"));
        assertEquals("00000096385074", Validation.gtin("gtin", " 96385074 "));
    }

    @Test
    void refusesAWrongCheckDigitAndSaysWhichOneIsRight() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Validation.gtin("gtin", "4006381333932"));
        assertEquals("gtin", e.field());
        assertTrue(e.getMessage().contains("has check digit 2 but its other digits need 1"), e.getMessage());
    }

    @Test
    void refusesGtinsThatAreNotDigits() {
        for (String bad : new String[] {null, "", "12345", "40063813339310000", "4006381333g31", "'; DROP TABLE op_log; --"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Validation.gtin("gtin", bad), String.valueOf(bad));
            assertEquals("gtin", e.field());
        }
    }

    @Test
    void quantitiesAreBounded() {
        assertEquals(1, Validation.quantity("quantity", 1));
        assertEquals(1_000_000, Validation.quantity("quantity", 1_000_000));
        for (int bad : new int[] {0, -5, 1_000_001, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Validation.quantity("quantity", bad));
            assertTrue(e.getMessage().contains("from 1 to 1,000,000"), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> Validation.delta("delta", 0));
        assertEquals(-3, Validation.delta("delta", -3));
    }

    @Test
    void textsAreTrimmedBoundedAndFreeOfControlCharacters() {
        assertEquals("amoxicillin", Validation.required("innName", "  amoxicillin ", 200, false));
        assertNull(Validation.optional("phone", "   ", 50, false));
        assertEquals("line one\nline two", Validation.required("text", "line one\nline two\n", 100, true));
        InvalidInputException tooLong = assertThrows(InvalidInputException.class,
                () -> Validation.required("text", "x".repeat(10 * 1024 * 1024), Validation.MAX_TEXT, true));
        assertTrue(tooLong.getMessage().contains("at most 100,000 characters (this one has 10,485,760)"), tooLong.getMessage());
        assertThrows(InvalidInputException.class, () -> Validation.required("innName", "amoxi\ncillin", 200, false));
        assertThrows(InvalidInputException.class, () -> Validation.required("innName", "amoxi\u0000cillin", 200, false));
        assertThrows(InvalidInputException.class, () -> Validation.required("innName", null, 200, false));
        assertEquals("'; DROP TABLE op_log; --", Validation.required("reason", "'; DROP TABLE op_log; --", 500, false));
    }
}
