package org.salus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;
import org.junit.jupiter.api.Test;
import org.salus.model.clinical.ClinicalFactory;
import org.salus.model.clinical.NoteRevision;
import org.salus.model.clinical.Patient;
import org.salus.model.clinical.Sex;
import org.salus.model.inventory.InventoryFactory;
import org.salus.model.inventory.StockBatch;
import org.salus.model.op.OpFactory;
import org.salus.model.op.Operation;

class XmiRoundTripTest {

    private static ResourceSet resourceSet() {
        ResourceSet rs = new ResourceSetImpl();
        rs.getResourceFactoryRegistry().getExtensionToFactoryMap().put("xmi", new XMIResourceFactoryImpl());
        return rs;
    }

    private static byte[] save(List<EObject> objects) throws IOException {
        Resource r = resourceSet().createResource(URI.createURI("mem:/out.xmi"));
        r.getContents().addAll(objects);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.save(out, Map.of(XMLResource.OPTION_ENCODING, "UTF-8"));
        return out.toByteArray();
    }

    private static List<EObject> load(byte[] xmi) throws IOException {
        // A fresh resource set finds the packages by nsURI in the global registry.
        Resource r = resourceSet().createResource(URI.createURI("mem:/in.xmi"));
        r.load(new ByteArrayInputStream(xmi), Map.of());
        return List.copyOf(r.getContents());
    }

    @Test
    void entitiesOfAllThreePackagesSurviveARoundTripWithUtf8Text() throws IOException {
        ModelPackages.register(EPackage.Registry.INSTANCE);
        Patient p = ClinicalFactory.eINSTANCE.createPatient();
        p.setId("0190a1b2-0000-7000-8000-000000000001");
        p.setGivenName("Zoë Ngozi");
        p.setFamilyName("Nguyễn-Müller 李");
        p.setBirthDate(LocalDate.of(1990, 12, 31));
        p.setSex(Sex.OTHER);
        p.setAddress("Rua São João 5, 1º");

        NoteRevision rev = ClinicalFactory.eINSTANCE.createNoteRevision();
        rev.setId("0190a1b2-0000-7000-8000-000000000002");
        rev.setText("Tolerates amoxicillin; temp 38.5 °C → 37.2 °C");
        rev.setWrittenAt(Instant.parse("2026-05-04T10:15:30.123456789Z"));

        StockBatch b = InventoryFactory.eINSTANCE.createStockBatch();
        b.setId("0190a1b2-0000-7000-8000-000000000003");
        b.setExpiry(LocalDate.of(2027, 3, 31));
        b.setQuantityOnHand(-4);

        Operation op = OpFactory.eINSTANCE.createOperation();
        op.setOpId("0190a1b2-0000-7000-8000-000000000004");
        op.setPayload("{\"givenName\":\"Zoë\"}");
        op.setServerSeq(9_000_000_000L);
        op.setDeviceTime(Instant.parse("2026-05-04T10:15:30Z"));

        List<EObject> original = List.of(p, rev, b, op);
        byte[] xmi = save(original);
        String text = new String(xmi, StandardCharsets.UTF_8);

        assertTrue(text.contains("Nguyễn-Müller 李"), "non-ASCII text is written as UTF-8, not escaped: " + text);
        assertFalse(text.contains("&#"), text);
        assertTrue(text.contains("expiry=\"2027-03-31\""), text);
        assertTrue(text.contains("writtenAt=\"2026-05-04T10:15:30.123456789Z\""), text);

        List<EObject> copy = load(xmi);
        assertEquals(4, copy.size());
        for (int i = 0; i < original.size(); i++) {
            assertTrue(EcoreUtil.equals(original.get(i), copy.get(i)), "entity " + i + " differs after the round trip");
        }
        assertEquals("Nguyễn-Müller 李", ((Patient) copy.get(0)).getFamilyName());
        assertEquals(-4, ((StockBatch) copy.get(2)).getQuantityOnHand());
    }

    @Test
    void idAttributeIdentifiesTheObjectInItsResource() throws IOException {
        Patient p = ClinicalFactory.eINSTANCE.createPatient();
        p.setId("0190a1b2-0000-7000-8000-00000000000a");
        List<EObject> copy = load(save(List.of(p)));
        assertEquals(p.getId(), EcoreUtil.getID(copy.get(0)));
        assertEquals(copy.get(0), copy.get(0).eResource().getEObject(p.getId()));
    }
}
