package org.salus.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WhoListTest {

    private static final List<DemoMedicine> WHO = DemoClinic.whoEssentialMedicines();

    @Test
    void hasAtLeast95DistinctMedicines() {
        Set<String> keys = WHO.stream().map(m -> m.innName() + "|" + m.form() + "|" + m.strength()).collect(Collectors.toSet());
        assertTrue(keys.size() >= 95, "distinct INN+form+strength rows: " + keys.size());
        assertEquals(WHO.size(), keys.size(), "no row repeats another");
    }

    @Test
    void holdsWellKnownEssentialMedicines() {
        assertTrue(WHO.stream().anyMatch(m -> m.innName().equals("amoxicillin") && m.form().equals("capsule") && m.strength().equals("500")
                && m.unit().equals("mg")));
        assertTrue(WHO.stream().anyMatch(m -> m.innName().equals("paracetamol") && m.form().equals("tablet") && m.strength().equals("500")));
        assertTrue(WHO.stream().anyMatch(m -> m.innName().equals("artemether+lumefantrine") && m.strength().equals("20+120") && m.critical()));
        assertTrue(WHO.stream().anyMatch(m -> m.innName().equals("oral rehydration salts")));
    }

    @Test
    void everyGtinIsValidAndUnique() {
        for (DemoMedicine m : WHO) {
            assertTrue(Gtin.isValid(m.gtin()), m.innName() + " " + m.gtin());
        }
        assertEquals(WHO.size(), WHO.stream().map(DemoMedicine::gtin).distinct().count());
        assertTrue(WHO.stream().allMatch(m -> m.gtin().startsWith("0952")), "demo GTINs use the GS1 prefix for demonstrations");
    }

    @Test
    void everyRowIsComplete() {
        for (DemoMedicine m : WHO) {
            assertFalse(m.innName().isBlank() || m.form().isBlank() || m.strength().isBlank() || m.unit().isBlank(), m.toString());
            assertTrue(m.reorderLevel() > 0, m.toString());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "inn,form,strength,unit,critical\\nx,tablet,1,mg,true|:1: expected the header",
            "inn,form,strength,unit,critical,reorderLevel\\nx,tablet,1,mg,true|:2: expected 6 comma-separated fields",
            "inn,form,strength,unit,critical,reorderLevel\\nx,tablet,1,mg,yes,10|:2: critical must be true or false, found 'yes'",
            "inn,form,strength,unit,critical,reorderLevel\\nx,tablet,1,mg,true,ten|:2: reorderLevel must be a whole number, found 'ten'",
            "inn,form,strength,unit,critical,reorderLevel\\nx,tablet,1,mg,true,-1|:2: reorderLevel must not be negative",
            "inn,form,strength,unit,critical,reorderLevel\\nx, ,1,mg,true,1|:2: field 'form' is empty",
            "inn,form,strength,unit,critical,reorderLevel\\nx,tablet,1,mg,true,1\\n\\nx,tablet,1,mg,false,2|:4: duplicate medicine x 1 mg tablet"})
    void malformedListsAreRejectedWithTheLine(String csv, String expected) {
        DemoDataException e = assertThrows(DemoDataException.class,
                () -> DemoClinic.readMedicines(new StringReader(csv.replace("\\n", "\n")), "my.csv"));
        assertTrue(e.getMessage().startsWith("my.csv" + expected), e.getMessage());
    }

    @Test
    void readsAListOfOnesOwn() throws Exception {
        List<DemoMedicine> own = DemoClinic.readMedicines(new StringReader("""
                inn,form,strength,unit,critical,reorderLevel
                paracetamol,tablet,500,mg,false,2000
                oxytocin,injection,10,IU/mL,true,100
                """), "own.csv");
        assertEquals(List.of("paracetamol", "oxytocin"), own.stream().map(DemoMedicine::innName).toList());
        assertTrue(own.get(1).critical());
        assertEquals(100, own.get(1).reorderLevel());
    }
}
