package org.salus.core.plugin;

import org.eclipse.emf.ecore.EClass;
import org.osgi.annotation.versioning.ConsumerType;
import org.salus.core.access.Permissions;

/**
 * An entity type a plugin adds, registered by the plugin as a service: while the service is there the core records
 * and reads entities of this type; when it goes (the plugin is stopped or uninstalled) the core refuses them, and the
 * operations and projections already recorded stay in the store for a plugin that comes back.
 * <p>
 * The entity class belongs to a dynamic EMF package (built with {@code EcoreFactory} or loaded from the plugin's own
 * {@code .ecore}). Its name is the operation's entity type and must not be one of the platform model's types. Its
 * attributes are what a payload may hold: {@code EString}, {@code EInt}, {@code ELong}, {@code EBoolean}, an enum, or
 * a data type whose instance class is {@link java.time.Instant} or {@link java.time.LocalDate}; an attribute with a
 * lower bound of 1 is required; an attribute {@code id} (a string) is set by the core; an attribute {@code patientId}
 * (a string) ties the entity to a patient, who must exist.
 */
@ConsumerType
public interface PluginEntityType {

    /** The entity's class, in the plugin's dynamic package. */
    EClass entityClass();

    /**
     * The permission that records entities of this type ({@code vaccination.record}): dot-separated lower-case words
     * (see {@link Permissions#isWellFormed(String)}), granted to roles by an administrator like any other permission.
     */
    String recordPermission();

    /** The permission that reads them; by default {@value Permissions#PATIENT_READ}. */
    default String readPermission() {
        return Permissions.PATIENT_READ;
    }

    /** A type with the given class and permissions. */
    static PluginEntityType of(EClass entityClass, String recordPermission, String readPermission) {
        if (entityClass == null) {
            throw new IllegalArgumentException("a plugin entity type needs its EClass");
        }
        if (!Permissions.isWellFormed(recordPermission) || !Permissions.isWellFormed(readPermission)) {
            throw new IllegalArgumentException("permissions are dot-separated lower-case words such as vaccination.record, not '"
                    + recordPermission + "' and '" + readPermission + "'");
        }
        return new PluginEntityType() {

            @Override
            public EClass entityClass() {
                return entityClass;
            }

            @Override
            public String recordPermission() {
                return recordPermission;
            }

            @Override
            public String readPermission() {
                return readPermission;
            }

            @Override
            public String toString() {
                return "PluginEntityType[" + entityClass.getName() + ", " + recordPermission + ", " + readPermission + "]";
            }
        };
    }
}
