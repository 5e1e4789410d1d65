package org.example.salus.vaccination.internal;

import java.time.Instant;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;

/**
 * The plugin's entity type as a dynamic EMF package, built at runtime: Salus validates every recorded vaccination
 * against this class (attribute names, types, required attributes) and keeps it in its generic entity projection.
 */
public final class VaccinationModel {

    public static final String NS_URI = "http://example.org/salus/vaccination/1.0";
    public static final String TYPE = "Vaccination";

    /** The package, built once; EMF objects are not to be rebuilt per call. */
    public static final EPackage PACKAGE = build();
    public static final EClass VACCINATION = (EClass) PACKAGE.getEClassifier(TYPE);

    private VaccinationModel() {
    }

    private static EPackage build() {
        EcoreFactory f = EcoreFactory.eINSTANCE;
        EcorePackage ecore = EcorePackage.eINSTANCE;
        EPackage p = f.createEPackage();
        p.setName("vaccination");
        p.setNsPrefix("vaccination");
        p.setNsURI(NS_URI);
        EDataType instant = f.createEDataType();
        instant.setName("Instant");
        instant.setInstanceClass(Instant.class);
        p.getEClassifiers().add(instant);
        EClass v = f.createEClass();
        v.setName(TYPE);
        p.getEClassifiers().add(v);
        EAttribute id = attribute(v, "id", ecore.getEString(), false);
        id.setID(true);
        attribute(v, "patientId", ecore.getEString(), true);
        attribute(v, "vaccineCode", ecore.getEString(), true);
        attribute(v, "vaccineName", ecore.getEString(), false);
        attribute(v, "doseNumber", ecore.getEInt(), true);
        attribute(v, "lot", ecore.getEString(), false);
        attribute(v, "givenAt", instant, true);
        attribute(v, "givenBy", ecore.getEString(), false);
        return p;
    }

    private static EAttribute attribute(EClass owner, String name, EClassifier type, boolean required) {
        EAttribute a = EcoreFactory.eINSTANCE.createEAttribute();
        a.setName(name);
        a.setEType(type);
        a.setLowerBound(required ? 1 : 0);
        owner.getEStructuralFeatures().add(a);
        return a;
    }
}
