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
import java.util.Random;
import java.util.ArrayList;

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

    @Test
    void theCanonicalCheckAgreesWithWritingWhatWasParsed() {
        // the single-pass check against its definition, on generated texts and on damaged copies of them
        Random random = new Random(20261122);
        int stillCanonical = 0;
        int notCanonical = 0;
        for (int i = 0; i < 4000; i++) {
            String text = CanonicalJson.write(randomValue(random, 0));
            assertTrue(CanonicalJson.isCanonical(text), text);
            for (int j = 0; j < 10; j++) {
                String bad = damage(random, text);
                boolean expected = byDefinition(bad);
                assertEquals(expected, CanonicalJson.isCanonical(bad), bad);
                if (expected) {
                    stillCanonical++;
                } else {
                    notCanonical++;
                }
            }
        }
        String[] edges = { "", " ", "0", "-0", "00", "07", "-", "1.5", "1.50", "1e5", "1E+5", "0.0", "-1.25", "1-2", "1.", ".5",
                "123456789012345678901234567890", "-9223372036854775808", "\"\\u001f\"", "\"\\u001F\"", "\"\\u0008\"", "\"\\b\"",
                "\"\\/\"", "\"/\"", "\"\\u0041\"", "\"\\u0020\"", "\"\\u002f\"", "\"\\u00a0\"",
                "\"\u00e9\"", "\"\\ud800\"", "\"\ud800\"", "{\"a\":1,\"a\":1}", "{\"\":1}",
                "{\"\\n\":1,\"a\":2}", "{\"a\":2,\"\\n\":1}", "[]", "{}", "[ ]", "[1,]", "{\"a\":}", "tru", "nulll",
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]" };
        for (String text : edges) {
            assertEquals(byDefinition(text), CanonicalJson.isCanonical(text), text);
        }
        assertFalse(CanonicalJson.isCanonical(null));
        // the damage yields texts of both kinds, so the agreement above was tested both ways
        assertTrue(stillCanonical > 1000 && notCanonical > 1000, stillCanonical + " still canonical, " + notCanonical + " not");
    }

    private static boolean byDefinition(String text) {
        try {
            return CanonicalJson.write(CanonicalJson.parse(text)).equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        } catch (ArithmeticException e) {
            // 1e999999999 and the like: writing it out plain overflows, so it is not written back, and so not canonical
            return false;
        }
    }

    @Test
    void aHugeExponentIsRefusedAtOnce() {
        // writing such a number out plain (as the check once did) overflows with an ArithmeticException, after seconds
        assertFalse(CanonicalJson.isCanonical("{\"q\":1e999999999}"));
        assertFalse(CanonicalJson.isCanonical("[1E+2147483647,2]"));
        assertFalse(CanonicalJson.isCanonical("-1.5e-999999999"));
    }

    private static final String KEY_CHARS = "abAB_\"\\\n\t\u0001\u001f/é\ud800 ";

    private static Object randomValue(Random r, int depth) {
        int kind = depth > 34 ? 2 + r.nextInt(6) : r.nextInt(depth < 3 ? 3 : 9);
        switch (kind) {
            case 0: {
                Map<String, Object> m = new HashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    m.put(randomString(r), randomValue(r, depth + 1));
                }
                return m;
            }
            case 1: {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    l.add(randomValue(r, depth + 1));
                }
                return l;
            }
            case 2:
                return randomString(r);
            case 3:
                return r.nextLong() >> r.nextInt(64);
            case 4:
                return new java.math.BigInteger(70 + r.nextInt(40), r).negate();
            case 5:
                return BigDecimal.valueOf(r.nextInt(200_000) - 100_000, r.nextInt(6) - 2);
            case 6:
                return r.nextBoolean();
            case 7:
                return null;
            default:
                return randomString(r);
        }
    }

    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(6); i > 0; i--) {
            sb.append(KEY_CHARS.charAt(r.nextInt(KEY_CHARS.length())));
        }
        return sb.toString();
    }

    /** Exponents are left out: the definition writes 1e99999999 out in full (the edge cases above hold small ones). */
    private static final String DAMAGE = " \"\\u0{}[],:-.0123456789aAtfnrb/\u0001";

    private static String damage(Random r, String text) {
        StringBuilder sb = new StringBuilder(text);
        int at = sb.length() == 0 ? 0 : r.nextInt(sb.length());
        char c = DAMAGE.charAt(r.nextInt(DAMAGE.length()));
        switch (r.nextInt(3)) {
            case 0 -> sb.insert(at, c);
            case 1 -> {
                if (sb.length() > 0) {
                    sb.deleteCharAt(at);
                }
            }
            default -> {
                if (sb.length() > 0) {
                    sb.setCharAt(at, c);
                }
            }
        }
        return sb.toString();
    }
}
