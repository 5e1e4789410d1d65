package org.salus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.EcorePackage;
import org.junit.jupiter.api.Test;

class ModelStructureTest {

    @Test
    void packagesHaveTheirPublishedNamespaces() {
        Map<String, String> uris = ModelPackages.all().stream().collect(Collectors.toMap(EPackage::getName, EPackage::getNsURI));
        assertEquals(Map.of(
                "inventory", "http://salus.org/model/inventory/1.0",
                "clinical", "http://salus.org/model/clinical/1.0",
                "op", "http://salus.org/model/op/1.0",
                "security", "http://salus.org/model/security/1.0"), uris);
    }

    @Test
    void everyEntityIsIdentifiedByAStringIdAttribute() {
        for (String type : ModelPackages.entityTypes()) {
            EClass eClass = ModelPackages.entityClass(type);
            EAttribute id = eClass.getEIDAttribute();
            assertNotNull(id, type + " has no iD attribute");
            assertEquals("Operation".equals(type) ? "opId" : "id", id.getName(), type);
            assertSame(EcorePackage.Literals.ESTRING, id.getEAttributeType(), type);
        }
    }

    @Test
    void entitiesReferToEachOtherByIdStringsOnly() {
        for (String type : ModelPackages.entityTypes()) {
            for (EStructuralFeature f : ModelPackages.entityClass(type).getEAllStructuralFeatures()) {
                assertTrue(f instanceof EAttribute, type + "." + f.getName() + " must be an attribute, not a reference");
                if (f.getName().endsWith("Id") && !f.getName().equals("opId")) {
                    assertSame(EcorePackage.Literals.ESTRING, f.getEType(), type + "." + f.getName());
                }
            }
        }
    }

    @Test
    void entityFeaturesAreTheAgreedOnes() {
        assertEquals(List.of("id", "gtin", "innName", "form", "strength", "unit", "reorderLevel", "critical"), names("Medicine"));
        assertEquals(List.of("id", "batchId", "medicineId", "kind", "quantity", "reason", "fromLocation", "toLocation", "orderId",
                "voidsMovementId"), names("StockMovement"));
        assertEquals(List.of("opId", "clinicId", "deviceId", "userId", "entityType", "entityId", "opType", "deviceSeq", "hlc",
                "deviceTime", "schemaVersion", "payload", "prevHash", "hash", "serverSeq", "receivedAt"), names("Operation"));
        assertEquals(List.of("id", "username", "displayName", "roleIds", "enabled", "setupAccount", "passwordHash", "passwordSetAt",
                "mustChangePassword", "failedLogins", "lastFailedLoginAt", "locked", "lockedAt", "lastLoginAt"), names("User"));
        assertEquals(List.of("id", "name", "description", "permissions"), names("Role"));
    }

    private static List<String> names(String type) {
        return ModelPackages.entityClass(type).getEAllStructuralFeatures().stream().map(EStructuralFeature::getName).toList();
    }
}
