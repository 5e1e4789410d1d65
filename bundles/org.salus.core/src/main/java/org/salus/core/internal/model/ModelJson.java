package org.salus.core.internal.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.emf.common.util.Enumerator;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.salus.core.op.CanonicalJson;
import org.salus.model.ModelPackages;

/**
 * Converts model objects to and from the payload form: a JSON object of the entity's attributes, keyed by attribute
 * name. The model decides the names, so plugin entity types work the same way as the built-in ones.
 */
public final class ModelJson {

    private ModelJson() {
    }

    /** Every attribute of the object, nulls included, as canonical JSON. */
    public static String toPayload(EObject object) {
        return CanonicalJson.write(toMap(object));
    }

    /** Every attribute of the object as a JSON-ready map (sorted by name). */
    public static Map<String, Object> toMap(EObject object) {
        Map<String, Object> map = new TreeMap<>();
        for (EAttribute a : object.eClass().getEAllAttributes()) {
            map.put(a.getName(), a.isMany() ? toJsonList(a, (List<?>) object.eGet(a)) : toJsonValue(a, object.eGet(a)));
        }
        return map;
    }

    /** The values of a many-valued attribute as a JSON array (a list is always replaced as a whole). */
    public static List<Object> toJsonList(EAttribute attribute, List<?> values) {
        List<Object> list = new ArrayList<>();
        if (values != null) {
            for (Object v : values) {
                list.add(toJsonValue(attribute, v));
            }
        }
        return list;
    }

    /** A model attribute value in its JSON form. */
    public static Object toJsonValue(EAttribute attribute, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Enumerator e) {
            return e.getName();
        }
        if (value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Boolean
                || value instanceof LocalDate || value instanceof Instant) {
            return value;
        }
        return EcoreUtil.convertToString(attribute.getEAttributeType(), value);
    }

    /** A new object of an entity type with the attributes found in a payload map; unknown keys are ignored. */
    public static EObject fromMap(String entityType, Map<String, Object> values) {
        EObject object = ModelPackages.create(entityType);
        apply(object, values);
        return object;
    }

    /** Sets the attributes found in a map on an object; unknown keys are ignored. */
    public static void apply(EObject object, Map<String, Object> values) {
        EClass eClass = object.eClass();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (eClass.getEStructuralFeature(e.getKey()) instanceof EAttribute a && a.isMany() && a.isChangeable()) {
                @SuppressWarnings("unchecked")
                List<Object> target = (List<Object>) object.eGet(a);
                target.clear();
                if (e.getValue() instanceof List<?> list) {
                    for (Object v : list) {
                        target.add(fromJsonValue(a, v));
                    }
                }
            } else if (eClass.getEStructuralFeature(e.getKey()) instanceof EAttribute a && a.isChangeable()) {
                Object v = fromJsonValue(a, e.getValue());
                if (v == null && a.getEAttributeType().getInstanceClass() != null
                        && a.getEAttributeType().getInstanceClass().isPrimitive()) {
                    object.eUnset(a);
                } else {
                    object.eSet(a, v);
                }
            }
        }
    }

    /** A JSON value converted to the attribute's Java type. */
    public static Object fromJsonValue(EAttribute attribute, Object value) {
        if (value == null) {
            return null;
        }
        EDataType type = attribute.getEAttributeType();
        if (type instanceof EEnum eEnum) {
            EEnumLiteral literal = eEnum.getEEnumLiteral(value.toString());
            if (literal == null) {
                throw new IllegalArgumentException(attribute.getName() + ": '" + value + "' is not one of " + eEnum.getELiterals());
            }
            return literal.getInstance();
        }
        Class<?> c = type.getInstanceClass();
        if (c == String.class) {
            return value.toString();
        }
        if (c == int.class || c == Integer.class) {
            return ((Number) value).intValue();
        }
        if (c == long.class || c == Long.class) {
            return ((Number) value).longValue();
        }
        if (c == boolean.class || c == Boolean.class) {
            return value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString());
        }
        return EcoreUtil.createFromString(type, value.toString());
    }
}
