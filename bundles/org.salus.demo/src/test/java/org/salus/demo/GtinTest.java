package org.salus.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class GtinTest {

    @Test
    void computesTheGs1CheckDigit() {
        // EAN-13 4006381333931 printed on a retail product; as GTIN-14 it gains a leading zero and keeps its check digit.
        assertEquals("04006381333931", Gtin.withCheckDigit("0400638133393"));
        assertEquals("00012345678905", Gtin.withCheckDigit("0001234567890"));
        assertEquals("00000000000000", Gtin.withCheckDigit("0000000000000"));
        assertEquals(3, Gtin.checkDigit("629104150021"), "GS1 worked example: GTIN-13 6291041500213");
    }

    @Test
    void acceptsOnlyFourteenDigitsWithTheRightCheckDigit() {
        assertTrue(Gtin.isValid("04006381333931"));
        assertTrue(Gtin.isValid("00012345678905"));
        assertFalse(Gtin.isValid("04006381333932"), "wrong check digit");
        assertFalse(Gtin.isValid("04006381333391"), "two digits swapped");
        assertFalse(Gtin.isValid("4006381333931"), "13 digits");
        assertFalse(Gtin.isValid("040063813339310"), "15 digits");
        assertFalse(Gtin.isValid("0400638133393A"));
        assertFalse(Gtin.isValid("０4006381333931"), "a full-width digit is not an ASCII digit");
        assertFalse(Gtin.isValid(null));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "040063813339", "04006381333931", "04006381333-3", "0400638 33393"})
    void rejectsInputThatIsNotThirteenDigits(String input) {
        InvalidGtinException e = assertThrows(InvalidGtinException.class, () -> Gtin.withCheckDigit(input));
        assertEquals(input, e.input());
        assertTrue(e.getMessage().startsWith("Invalid GTIN input '" + input + "'"), e.getMessage());
    }
}
