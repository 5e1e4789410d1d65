package org.salus.core.internal.plugin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.salus.core.command.InvalidInputException;

/**
 * Checks a plugin entity's attributes against its EClass and turns them into the payload form (JSON values): unknown
 * names, wrong types, text that is too long and missing required attributes are refused with the attribute's name.
 */
final class PluginPayloads {

    /** The id attribute, set by the core. */
    static final String ID = "id";
    /** The attribute that ties an entity to a patient. */
    static final String PATIENT_ID = "patientId";
    /** Longest text value: a payload is a record, not a document. */
    static final int MAX_TEXT = 4000;

    private PluginPayloads() {
    }

    /**
     * The attributes of a create or an update, checked and converted.
     *
     * @param create true for a new entity: every required attribute must be present
     */
    static Map<String, Object> check(EClass type, Map<String, ?> attributes, boolean create) {
        if (attributes == null) {
            throw new InvalidInputException("attributes", "are required (an empty map for none)");
        }
        Map<String, Object> payload = new TreeMap<>();
        for (Map.Entry<String, ?> e : attributes.entrySet()) {
            String name = e.getKey();
            if (ID.equals(name)) {
                throw new InvalidInputException(ID, "is set by Salus and cannot be given");
            }
            EStructuralFeature f = name == null ? null : type.getEStructuralFeature(name);
            if (!(f instanceof EAttribute a) || !a.isChangeable() || a.isDerived() || a.isTransient()) {
                throw new InvalidInputException(String.valueOf(name), "is not an attribute of " + type.getName() + "; it has "
                        + type.getEAllAttributes().stream().map(EAttribute::getName).filter(n -> !ID.equals(n)).toList());
            }
            Object value = e.getValue();
            if (a.isMany()) {
                if (!(value instanceof List<?> list)) {
                    throw new InvalidInputException(name, "takes a list of values");
                }
                payload.put(name, list.stream().map(v -> jsonValue(a, v)).toList());
            } else {
                payload.put(name, jsonValue(a, value));
            }
        }
        for (EAttribute a : type.getEAllAttributes()) {
            if (ID.equals(a.getName()) || a.getLowerBound() < 1) {
                continue;
            }
            boolean given = payload.get(a.getName()) != null && !"".equals(payload.get(a.getName()));
            if (create ? !given : payload.containsKey(a.getName()) && !given) {
                throw new InvalidInputException(a.getName(), "is required for a " + type.getName());
            }
        }
        return payload;
    }

    /** A value checked against the attribute's type, in its JSON form. */
    private static Object jsonValue(EAttribute a, Object value) {
        if (value == null) {
            return null;
        }
        EDataType type = a.getEAttributeType();
        String name = a.getName();
        if (type instanceof EEnum eEnum) {
            String literal = value instanceof Enumerator en ? en.getName() : value.toString();
            EEnumLiteral l = eEnum.getEEnumLiteral(literal);
            if (l == null) {
                throw new InvalidInputException(name, "'" + literal + "' is not one of " + eEnum.getELiterals());
            }
            return l.getName();
        }
        Class<?> c = type.getInstanceClass();
        if (c == String.class) {
            if (!(value instanceof String s)) {
                throw new InvalidInputException(name, "takes text, not " + value.getClass().getSimpleName());
            }
            if (s.length() > MAX_TEXT) {
                throw new InvalidInputException(name, "is " + s.length() + " characters long; at most " + MAX_TEXT + " are kept");
            }
            return s;
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)) {
                throw new InvalidInputException(name, "takes a whole number, not '" + value + "'");
            }
            long v = ((Number) value).longValue();
            if ((c == int.class || c == Integer.class) && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                throw new InvalidInputException(name, v + " is out of range");
            }
            return v;
        }
        if (c == boolean.class || c == Boolean.class) {
            if (!(value instanceof Boolean b)) {
                throw new InvalidInputException(name, "takes true or false, not '" + value + "'");
            }
            return b;
        }
        if (c == Instant.class) {
            try {
                return value instanceof Instant i ? i : Instant.parse(value.toString());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(name, "takes an instant such as 2026-03-01T09:30:00Z, not '" + value + "'");
            }
        }
        if (c == LocalDate.class) {
            try {
                return value instanceof LocalDate d ? d : LocalDate.parse(value.toString());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(name, "takes a date such as 2026-03-01, not '" + value + "'");
            }
        }
        throw new InvalidInputException(name, "has the type " + type.getName() + ", which plugin entities cannot hold");
    }

    /** Refuses an EClass whose attributes a payload could not hold, naming the first such attribute. */
    static void checkType(EClass type) {
        for (EAttribute a : type.getEAllAttributes()) {
            EDataType t = a.getEAttributeType();
            Class<?> c = t == null ? null : t.getInstanceClass();
            boolean ok = t instanceof EEnum || c == String.class || c == int.class || c == Integer.class || c == long.class
                    || c == Long.class || c == boolean.class || c == Boolean.class || c == Instant.class || c == LocalDate.class;
            if (!ok) {
                throw new IllegalArgumentException(type.getName() + "." + a.getName() + " has a type plugin entities cannot hold: "
                        + (t == null ? "none" : t.getName()));
            }
        }
        if (type.getEStructuralFeature(ID) instanceof EAttribute id && id.getEAttributeType().getInstanceClass() != String.class) {
            throw new IllegalArgumentException(type.getName() + ".id must be a string");
        }
        if (type.getEStructuralFeature(PATIENT_ID) instanceof EAttribute p && p.getEAttributeType().getInstanceClass() != String.class) {
            throw new IllegalArgumentException(type.getName() + ".patientId must be a string");
        }
    }

    /** An instance of the type holding the attributes of a stored body; names the type no longer has are left out. */
    static EObject object(EClass type, Map<String, Object> body) {
        EObject o = EcoreUtil.create(type);
        for (EAttribute a : type.getEAllAttributes()) {
            Object v = body.get(a.getName());
            if (v == null || !a.isChangeable()) {
                continue;
            }
            try {
                if (a.isMany()) {
                    @SuppressWarnings("unchecked")
                    List<Object> target = (List<Object>) o.eGet(a);
                    if (v instanceof List<?> list) {
                        for (Object item : list) {
                            target.add(javaValue(a, item));
                        }
                    }
                } else {
                    o.eSet(a, javaValue(a, v));
                }
            } catch (RuntimeException e) {
                // a value an older version of the type wrote differently stays in the attributes map
            }
        }
        return o;
    }

    private static Object javaValue(EAttribute a, Object v) {
        EDataType type = a.getEAttributeType();
        if (type instanceof EEnum eEnum) {
            EEnumLiteral l = eEnum.getEEnumLiteral(v.toString());
            return l == null ? null : l.getInstance();
        }
        Class<?> c = type.getInstanceClass();
        if (c == int.class || c == Integer.class) {
            return ((Number) v).intValue();
        }
        if (c == long.class || c == Long.class) {
            return ((Number) v).longValue();
        }
        if (c == Instant.class) {
            return Instant.parse(v.toString());
        }
        if (c == LocalDate.class) {
            return LocalDate.parse(v.toString());
        }
        return v;
    }
}
