package org.salus.core.plugin;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.emf.ecore.EObject;

/**
 * One entity of a plugin's type as recorded now (every operation on it merged).
 *
 * @param entityType the type's name ({@code Vaccination})
 * @param id the entity's id
 * @param attributes the attributes in their JSON form (ISO text for dates and times), by name
 * @param object the same attributes in an instance of the type's EClass
 * @param updatedHlc the clock reading of the last operation applied to it
 */
public record PluginRecord(String entityType, String id, Map<String, Object> attributes, EObject object, String updatedHlc) {

    public PluginRecord {
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** An attribute's JSON value, or null when it has none. */
    public Object get(String attribute) {
        return attributes.get(attribute);
    }
}
