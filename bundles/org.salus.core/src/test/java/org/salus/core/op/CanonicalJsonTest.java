package org.salus.core.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void sortsKeysAndWritesNoWhiteSpace() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zeta", 1);
        m.put("alpha", List.of(true, false));
        m.put("mid", null);
        m.put("nested", Map.of("b", 2L, "a", "x"));
        assertEquals("{\"alpha\":[true,false],\"mid\":null,\"nested\":{\"a\":\"x\",\"b\":2},\"zeta\":1}", CanonicalJson.write(m));
    }

    @Test
    void sameDataGivesTheSameTextWhateverTheMapOrder() {
        Map<String, Object> a = new LinkedHashMap<>();
        Map<String, Object> b = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            a.put("k" + i, i);
        }
        for (int i = 49; i >= 0; i--) {
            b.put("k" + i, (long) i);
        }
        assertEquals(CanonicalJson.write(a), CanonicalJson.write(b));
    }

    @Test
    void escapesOnlyWhatJsonRequires() {
        String s = "quote\" back\\ nl\n tab\t bell\u0007 é 漢 '; DROP TABLE op_log; --";
        String json = CanonicalJson.write(s);
        assertEquals("\"quote\\\" back\\\\ nl\\n tab\\t bell\\u0007 é 漢 '; DROP TABLE op_log; --\"", json);
        assertEquals(s, CanonicalJson.parse(json));
    }

    @Test
    void escapesAtTheEdgesAndSideBySideRoundTrip() {
        for (String s : new String[] {"", "\"", "\\", "\"\"", "\"a", "a\"", "\n\t\"\\", "plain", "a\u0001b", "\u0000", "x/y",
                "{\"k\":\"v\",\"n\":null}", "é\"漢\"😀"}) {
            String json = CanonicalJson.write(s);
            assertEquals(s, CanonicalJson.parse(json), json);
            assertEquals(json, CanonicalJson.write(CanonicalJson.parse(json)));
        }
        // an escaped solidus and \\u escapes read back as the characters they stand for
        assertEquals("a/b\"c", CanonicalJson.parse("\"a\\/b\\u0022c\""));
    }

    @Test
    void writesDatesDecimalsAndEnumsInOneForm() {
        assertEquals("\"2027-03-31\"", CanonicalJson.write(LocalDate.of(2027, 3, 31)));
        assertEquals("\"2026-11-22T08:15:30.120Z\"", CanonicalJson.write(Instant.parse("2026-11-22T08:15:30.12Z")));
        assertEquals("1.5", CanonicalJson.write(new BigDecimal("1.500")));
        assertEquals("100", CanonicalJson.write(new BigDecimal("1E+2")));
        assertEquals("0", CanonicalJson.write(new BigDecimal("0.000")));
        assertEquals("\"SECONDS\"", CanonicalJson.write(java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void roundTripsThroughTheParser() {
        String text = "{\"a\":[1,-2,3.25,\"x\",null,{\"b\":false}],\"big\":123456789012345678901234567890,\"c\":\"\\u00e9\"}";
        Object parsed = CanonicalJson.parse(text);
        assertEquals("{\"a\":[1,-2,3.25,\"x\",null,{\"b\":false}],\"big\":123456789012345678901234567890,\"c\":\"é\"}",
                CanonicalJson.write(parsed));
        assertTrue(CanonicalJson.isCanonical(CanonicalJson.write(parsed)));
        assertFalse(CanonicalJson.isCanonical("{ \"a\": 1 }"));
        assertFalse(CanonicalJson.isCanonical("{\"b\":1,\"a\":2}"));
    }

    @Test
    void refusesWhatHasNoSingleForm() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(1.5d));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(Map.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(new Object()));
    }

    @Test
    void refusesMalformedDuplicateAndTooDeepText() {
        for (String bad : List.of("", "{", "{\"a\":1,}", "[1 2]", "{\"a\":1}x", "\"open", "{a:1}", "tru", "01x", "\"\\q\"")) {
            assertThrows(IllegalArgumentException.class, () -> CanonicalJson.parse(bad), bad);
        }
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> CanonicalJson.parse("{\"a\":1,\"a\":2}"));
        assertTrue(dup.getMessage().contains("duplicate key"), dup.getMessage());
        char[] open = new char[100];
        Arrays.fill(open, '[');
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.parse(new String(open)));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.parseObject("[1]"));
    }
}
