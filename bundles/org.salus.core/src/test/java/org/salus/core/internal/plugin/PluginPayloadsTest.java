package org.salus.core.internal.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;
import org.junit.jupiter.api.Test;
import org.salus.core.command.InvalidInputException;

class PluginPayloadsTest {

    static final EClass VISIT = visitClass();

    static EClass visitClass() {
        EcoreFactory f = EcoreFactory.eINSTANCE;
        EPackage p = f.createEPackage();
        p.setName("homevisit");
        p.setNsURI("http://example.org/homevisit");
        EDataType instant = f.createEDataType();
        instant.setName("Instant");
        instant.setInstanceClass(Instant.class);
        EDataType date = f.createEDataType();
        date.setName("LocalDate");
        date.setInstanceClass(LocalDate.class);
        EEnum outcome = f.createEEnum();
        outcome.setName("Outcome");
        for (String l : List.of("met", "absent")) {
            EEnumLiteral literal = f.createEEnumLiteral();
            literal.setName(l);
            literal.setValue(outcome.getELiterals().size());
            outcome.getELiterals().add(literal);
        }
        p.getEClassifiers().addAll(List.of(instant, date, outcome));
        EClass c = f.createEClass();
        c.setName("HomeVisit");
        p.getEClassifiers().add(c);
        attribute(c, "id", EcorePackage.Literals.ESTRING, 0);
        attribute(c, "patientId", EcorePackage.Literals.ESTRING, 1);
        attribute(c, "visitedAt", instant, 1);
        attribute(c, "nextVisit", date, 0);
        attribute(c, "minutes", EcorePackage.Literals.EINT, 0);
        attribute(c, "outcome", outcome, 0);
        attribute(c, "urgent", EcorePackage.Literals.EBOOLEAN, 0);
        return c;
    }

    static void attribute(EClass c, String name, EClassifier type, int lower) {
        EAttribute a = EcoreFactory.eINSTANCE.createEAttribute();
        a.setName(name);
        a.setEType(type);
        a.setLowerBound(lower);
        c.getEStructuralFeatures().add(a);
    }

    static Map<String, Object> visit() {
        Map<String, Object> m = new HashMap<>();
        m.put("patientId", "p1");
        m.put("visitedAt", "2026-03-01T09:30:00Z");
        m.put("nextVisit", LocalDate.of(2026, 4, 1));
        m.put("minutes", 45);
        m.put("outcome", "met");
        m.put("urgent", false);
        return m;
    }

    @Test
    void aValidCreateBecomesJsonValues() {
        Map<String, Object> p = PluginPayloads.check(VISIT, visit(), true);
        assertEquals(Instant.parse("2026-03-01T09:30:00Z"), p.get("visitedAt"));
        assertEquals(LocalDate.of(2026, 4, 1), p.get("nextVisit"));
        assertEquals(45L, p.get("minutes"));
        assertEquals("met", p.get("outcome"));
        assertEquals(false, p.get("urgent"));
    }

    @Test
    void eachBadAttributeIsRefusedByName() {
        assertField("colour", m -> m.put("colour", "red"));
        assertField("id", m -> m.put("id", "chosen-by-caller"));
        assertField("minutes", m -> m.put("minutes", "forty"));
        assertField("minutes", m -> m.put("minutes", 4.5));
        assertField("minutes", m -> m.put("minutes", 1L << 40));
        assertField("visitedAt", m -> m.put("visitedAt", "yesterday"));
        assertField("nextVisit", m -> m.put("nextVisit", "01/04/2026"));
        assertField("outcome", m -> m.put("outcome", "maybe"));
        assertField("urgent", m -> m.put("urgent", "yes"));
        assertField("patientId", m -> m.put("patientId", 7));
        assertField("patientId", m -> m.put("patientId", "x".repeat(PluginPayloads.MAX_TEXT + 1)));
        assertField("patientId", m -> m.remove("patientId"));
        assertField("visitedAt", m -> m.put("visitedAt", null));
    }

    @Test
    void anUpdateNeedsOnlyWhatChangesButCannotClearARequiredAttribute() {
        assertEquals(Map.of("minutes", 50L), PluginPayloads.check(VISIT, Map.of("minutes", 50), false));
        Map<String, Object> clear = new HashMap<>();
        clear.put("patientId", null);
        assertEquals("patientId", assertThrows(InvalidInputException.class, () -> PluginPayloads.check(VISIT, clear, false)).field());
    }

    @Test
    void aStoredBodyBecomesAnInstanceOfTheType() {
        Map<String, Object> body = new HashMap<>(Map.of("id", "v1", "patientId", "p1", "visitedAt", "2026-03-01T09:30:00Z",
                "minutes", 45L, "outcome", "absent", "droppedLater", "kept in the map only"));
        EObject o = PluginPayloads.object(VISIT, body);
        assertEquals("v1", o.eGet(VISIT.getEStructuralFeature("id")));
        assertEquals(45, o.eGet(VISIT.getEStructuralFeature("minutes")));
        assertEquals(Instant.parse("2026-03-01T09:30:00Z"), o.eGet(VISIT.getEStructuralFeature("visitedAt")));
        assertEquals("absent", o.eGet(VISIT.getEStructuralFeature("outcome")).toString());
    }

    @Test
    void aTypeWithAnAttributeAPayloadCannotHoldIsRefused() {
        EClass odd = EcoreFactory.eINSTANCE.createEClass();
        odd.setName("Odd");
        attribute(odd, "weight", EcorePackage.Literals.EDOUBLE, 0);
        assertThrows(IllegalArgumentException.class, () -> PluginPayloads.checkType(odd));
        PluginPayloads.checkType(VISIT);
    }

    @Test
    void opTypesFollowTheTypeName() {
        assertEquals("homeVisit.create", PluginRecordService.opType("HomeVisit", "create"));
    }

    private static void assertField(String field, java.util.function.Consumer<Map<String, Object>> change) {
        Map<String, Object> m = visit();
        change.accept(m);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PluginPayloads.check(VISIT, m, true));
        assertEquals(field, e.field(), e.getMessage());
    }
}
