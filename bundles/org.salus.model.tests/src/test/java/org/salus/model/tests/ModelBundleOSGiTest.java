package org.salus.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.salus.model.ModelPackages;
import org.salus.model.clinical.ClinicalFactory;
import org.salus.model.clinical.ClinicalPackage;
import org.salus.model.clinical.Patient;
import org.salus.model.clinical.Sex;
import org.salus.model.inventory.InventoryPackage;
import org.salus.model.inventory.Medicine;
import org.salus.model.op.OpPackage;

@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ModelBundleOSGiTest {

    private static final String MODEL_BSN = "org.salus.model";

    @InjectBundleContext
    BundleContext context;

    @Test
    void registrationComponentPutsTheThreePackagesIntoTheGlobalRegistry(@InjectService(timeout = 10_000) ServiceComponentRuntime scr)
            throws InterruptedException {
        Bundle model = bundle(MODEL_BSN);
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(model, "org.salus.model.registration");
        assertNotNull(description, "the model bundle declares its registration component");
        assertEquals(ComponentConfigurationDTO.ACTIVE, awaitState(scr, description), "registration component state");

        for (EPackage p : List.of(InventoryPackage.eINSTANCE, ClinicalPackage.eINSTANCE, OpPackage.eINSTANCE)) {
            assertSame(p, EPackage.Registry.INSTANCE.get(p.getNsURI()), p.getNsURI());
            assertEquals(MODEL_BSN, FrameworkUtil.getBundle(p.getClass()).getSymbolicName());
        }
        System.out.println("[itest] " + framework() + ": model packages registered, bundle state " + model.getState());
    }

    @Test
    void createsEntitiesThroughTheFactoryAndThroughModelPackages() {
        Patient patient = ClinicalFactory.eINSTANCE.createPatient();
        patient.setId("0190a1b2-0000-7000-8000-000000000001");
        patient.setBirthDate(LocalDate.of(1979, 6, 15));
        patient.setSex(Sex.MALE);
        assertEquals(MODEL_BSN, FrameworkUtil.getBundle(patient.getClass()).getSymbolicName());
        assertEquals(LocalDate.of(1979, 6, 15), patient.getBirthDate());

        EObject medicine = ModelPackages.create("Medicine");
        medicine.eSet(ModelPackages.idAttribute("Medicine"), "0190a1b2-0000-7000-8000-000000000002");
        medicine.eSet(InventoryPackage.Literals.MEDICINE__INN_NAME, "paracetamol");
        assertTrue(medicine instanceof Medicine);
        assertEquals("paracetamol", ((Medicine) medicine).getInnName());
        assertSame(InventoryPackage.Literals.MEDICINE, ModelPackages.entityClass("Medicine"));
    }

    @Test
    void loadsXmiThatNamesTheModelByNamespaceOnly() throws IOException {
        String xmi = """
                <?xml version="1.0" encoding="UTF-8"?>
                <inventory:Medicine xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI"
                    xmlns:inventory="http://salus.org/model/inventory/1.0"
                    id="0190a1b2-0000-7000-8000-000000000003" innName="artemether+lumefantrine" form="tablet"
                    strength="20+120" unit="mg" reorderLevel="120" critical="true"/>
                """;
        ResourceSet rs = new ResourceSetImpl();
        rs.getResourceFactoryRegistry().getExtensionToFactoryMap().put("xmi", new XMIResourceFactoryImpl());
        Resource r = rs.createResource(URI.createURI("mem:/medicine.xmi"));
        r.load(new ByteArrayInputStream(xmi.getBytes(StandardCharsets.UTF_8)), Map.of());

        Medicine m = (Medicine) r.getContents().get(0);
        assertEquals("artemether+lumefantrine", m.getInnName());
        assertTrue(m.isCritical());
    }

    @Test
    void exportsTheModelButNotTheGeneratedImplementation() {
        Set<String> exported = bundle(MODEL_BSN).adapt(BundleWiring.class).getCapabilities(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .map(c -> (String) c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))
                .collect(Collectors.toSet());
        assertTrue(exported.containsAll(List.of("org.salus.model", "org.salus.model.inventory", "org.salus.model.clinical",
                "org.salus.model.op", "org.salus.model.inventory.util")), exported.toString());
        assertFalse(exported.stream().anyMatch(p -> p.endsWith(".impl") || p.contains(".internal")), exported.toString());
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " is not installed"));
    }

    // SCR activates components on its own thread: wait for a settled state instead of asserting on the first look.
    private static int awaitState(ServiceComponentRuntime scr, ComponentDescriptionDTO description) throws InterruptedException {
        int state = -1;
        for (int i = 0; i < 200 && state != ComponentConfigurationDTO.ACTIVE; i++) {
            Collection<ComponentConfigurationDTO> configs = scr.getComponentConfigurationDTOs(description);
            state = configs.isEmpty() ? -1 : configs.iterator().next().state;
            if (state != ComponentConfigurationDTO.ACTIVE) {
                Thread.sleep(50);
            }
        }
        return state;
    }

    private String framework() {
        Bundle system = context.getBundle(0);
        return system.getSymbolicName() + " " + system.getVersion();
    }
}
