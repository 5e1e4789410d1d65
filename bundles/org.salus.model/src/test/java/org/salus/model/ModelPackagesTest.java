package org.salus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.impl.EPackageRegistryImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.salus.model.clinical.ClinicalPackage;
import org.salus.model.clinical.Patient;
import org.salus.model.inventory.InventoryPackage;
import org.salus.model.op.OpPackage;
import org.salus.model.security.SecurityPackage;

class ModelPackagesTest {

    @Test
    void knowsEveryEntityOfThePackages() {
        assertEquals(List.of("AttachmentMeta", "Condition", "Encounter", "MedicationOrder", "Medicine", "Note", "NoteRevision",
                "Observation", "Operation", "Patient", "Role", "StockBatch", "StockMovement", "User"),
                List.copyOf(ModelPackages.entityTypes()));
    }

    @Test
    void findsTheEClassOfAnEntityTypeInItsPackage() {
        assertSame(InventoryPackage.Literals.STOCK_BATCH, ModelPackages.entityClass("StockBatch"));
        assertSame(ClinicalPackage.Literals.NOTE_REVISION, ModelPackages.entityClass("NoteRevision"));
        assertSame(OpPackage.Literals.OPERATION, ModelPackages.entityClass("Operation"));
        assertSame(OpPackage.Literals.OPERATION__OP_ID, ModelPackages.idAttribute("Operation"));
    }

    @Test
    void createsAnEntityThroughItsPackageFactory() {
        Patient p = assertInstanceOf(Patient.class, ModelPackages.create("Patient"));
        assertNull(p.getId());
        p.eSet(ModelPackages.idAttribute("Patient"), "0190a1b2-0000-7000-8000-000000000001");
        assertEquals("0190a1b2-0000-7000-8000-000000000001", p.getId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"patient", "Sex", "MovementKind", "LocalDate", "Instant", "", "inventory.Medicine"})
    void rejectsNamesThatAreNotEntities(String name) {
        UnknownEntityTypeException e = assertThrows(UnknownEntityTypeException.class, () -> ModelPackages.entityClass(name));
        assertEquals(name, e.entityType());
        assertTrue(e.knownTypes().contains("Patient"));
        assertTrue(e.getMessage().contains("'" + name + "'") && e.getMessage().contains("StockMovement"), e.getMessage());
        assertTrue(ModelPackages.findEntityClass(name).isEmpty());
    }

    @Test
    void rejectsNull() {
        assertThrows(UnknownEntityTypeException.class, () -> ModelPackages.create(null));
    }

    @Test
    void registersAndUnregistersThePackages() {
        EPackage.Registry registry = new EPackageRegistryImpl();
        Object foreign = new Object();
        registry.put("http://example.org/other", foreign);

        ModelPackages.register(registry);
        assertSame(InventoryPackage.eINSTANCE, registry.getEPackage(InventoryPackage.eNS_URI));
        assertSame(ClinicalPackage.eINSTANCE, registry.getEPackage(ClinicalPackage.eNS_URI));
        assertSame(OpPackage.eINSTANCE, registry.getEPackage(OpPackage.eNS_URI));
        assertSame(SecurityPackage.eINSTANCE, registry.getEPackage(SecurityPackage.eNS_URI));

        ModelPackages.unregister(registry);
        assertEquals(1, registry.size(), "only the foreign entry is left");
        assertSame(foreign, registry.get("http://example.org/other"));
    }
}
