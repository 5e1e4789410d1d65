package org.salus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.salus.model.clinical.ClinicalPackage;
import org.salus.model.inventory.InventoryPackage;
import org.salus.model.op.OpPackage;

class DataTypeConversionTest {

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29", "1900-01-01", "2099-12-31"})
    void localDateRoundTripsThroughItsIsoText(String text) {
        for (EDataType type : new EDataType[] {InventoryPackage.Literals.LOCAL_DATE, ClinicalPackage.Literals.LOCAL_DATE}) {
            Object value = EcoreUtil.createFromString(type, text);
            assertEquals(LocalDate.parse(text), value);
            assertEquals(text, EcoreUtil.convertToString(type, value));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-05-04T10:15:30Z", "2026-05-04T10:15:30.001Z", "1970-01-01T00:00:00.000000001Z"})
    void instantRoundTripsThroughItsIsoText(String text) {
        for (EDataType type : new EDataType[] {ClinicalPackage.Literals.INSTANT, OpPackage.Literals.INSTANT}) {
            Object value = EcoreUtil.createFromString(type, text);
            assertEquals(Instant.parse(text), value);
            assertEquals(text, EcoreUtil.convertToString(type, value));
        }
    }

    @Test
    void nullStaysNull() {
        assertNull(EcoreUtil.createFromString(ClinicalPackage.Literals.LOCAL_DATE, null));
        assertNull(EcoreUtil.convertToString(OpPackage.Literals.INSTANT, null));
    }

    @Test
    void malformedTextIsRejected() {
        assertThrows(DateTimeParseException.class, () -> EcoreUtil.createFromString(InventoryPackage.Literals.LOCAL_DATE, "31/03/2027"));
        assertThrows(DateTimeParseException.class, () -> EcoreUtil.createFromString(OpPackage.Literals.INSTANT, "2026-05-04 10:15"));
    }
}
