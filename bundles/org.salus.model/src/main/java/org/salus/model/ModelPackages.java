package org.salus.model;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.salus.model.clinical.ClinicalPackage;
import org.salus.model.inventory.InventoryPackage;
import org.salus.model.op.OpPackage;
import org.salus.model.security.SecurityPackage;

/**
 * The EPackages of the Salus model and lookups across them by entity type name.
 * An entity type name is the simple EClass name ("Medicine", "Patient", "Operation"), as written in an
 * operation's {@code entityType}; names are unique across the packages.
 */
public final class ModelPackages {

    private ModelPackages() {
    }

    /** The model's packages: inventory, clinical, op, security. */
    public static List<EPackage> all() {
        return List.of(InventoryPackage.eINSTANCE, ClinicalPackage.eINSTANCE, OpPackage.eINSTANCE, SecurityPackage.eINSTANCE);
    }

    /** The EClass of an entity type, or empty when the model has no such entity. */
    public static Optional<EClass> findEntityClass(String entityType) {
        if (entityType == null) {
            return Optional.empty();
        }
        for (EPackage p : all()) {
            EClassifier c = p.getEClassifier(entityType);
            if (c instanceof EClass eClass && !eClass.isAbstract() && !eClass.isInterface()) {
                return Optional.of(eClass);
            }
        }
        return Optional.empty();
    }

    /**
     * The EClass of an entity type.
     *
     * @throws UnknownEntityTypeException when the model has no entity of that name
     */
    public static EClass entityClass(String entityType) {
        return findEntityClass(entityType).orElseThrow(() -> new UnknownEntityTypeException(entityType, entityTypes()));
    }

    /** A new, empty instance of an entity type, made by its package's factory. */
    public static EObject create(String entityType) {
        EClass eClass = entityClass(entityType);
        return eClass.getEPackage().getEFactoryInstance().create(eClass);
    }

    /** The attribute that identifies instances of an entity type ({@code id}, or {@code opId} for Operation). */
    public static EAttribute idAttribute(String entityType) {
        return entityClass(entityType).getEIDAttribute();
    }

    /** All entity type names, sorted. */
    public static SortedSet<String> entityTypes() {
        SortedSet<String> names = new TreeSet<>();
        for (EPackage p : all()) {
            for (EClassifier c : p.getEClassifiers()) {
                if (c instanceof EClass eClass && !eClass.isAbstract() && !eClass.isInterface()) {
                    names.add(c.getName());
                }
            }
        }
        return Collections.unmodifiableSortedSet(names);
    }

    /**
     * Puts the model's packages into a registry under their nsURIs, so that XMI and other resources naming
     * them can be loaded. Needed where no extension registry reads plugin.xml (Felix, plain Java).
     */
    public static void register(EPackage.Registry registry) {
        for (EPackage p : all()) {
            registry.put(p.getNsURI(), p);
        }
    }

    /** Removes the packages from a registry, leaving entries that point elsewhere untouched. */
    public static void unregister(EPackage.Registry registry) {
        for (EPackage p : all()) {
            registry.remove(p.getNsURI(), p);
        }
    }
}
