package org.salus.core.plugin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.command.Actor;

/**
 * Records and reads the entities of plugin types ({@link PluginEntityType}), the way the core records its own: each
 * change is validated against the type's EClass, allowed by the access control for the type's record permission,
 * appended to this device's op log and projected in one transaction, so it is audited and synced like every command.
 * A refusal records one {@code audit.access.denied} operation and nothing else.
 * <p>
 * Errors: {@link UnknownEntityTypeException} (no running plugin registers the type),
 * {@link org.salus.core.command.InvalidInputException} (an attribute is unknown, missing or of the wrong type),
 * {@link org.salus.core.command.NotFoundException} (the entity to update, or its patient, is not recorded),
 * {@link org.salus.core.access.PermissionDeniedException}, {@link org.salus.core.access.SessionRefusedException},
 * {@link org.salus.core.command.StoreUnavailableException}.
 */
@ProviderType
public interface PluginRecords {

    /**
     * Records a new entity ({@code <type>.create}, the type's name with a lower-case first letter); the core sets its
     * id. Needs the type's record permission.
     */
    PluginRecord create(Actor actor, String entityType, Map<String, ?> attributes);

    /** Changes some attributes of a recorded entity ({@code <type>.update}). Needs the type's record permission. */
    PluginRecord update(Actor actor, String entityType, String id, Map<String, ?> changes);

    /** One entity, unless it is unknown or deleted. Needs the type's read permission. */
    Optional<PluginRecord> find(Actor actor, String entityType, String id);

    /** A patient's entities of a type, the last recorded first. Needs the type's read permission. */
    List<PluginRecord> ofPatient(Actor actor, String entityType, String patientId);

    /** The names of the entity types registered now. */
    SortedSet<String> entityTypes();

    /** The permissions the registered types declare, each with the types that use it, for an administrator to grant. */
    SortedMap<String, SortedSet<String>> declaredPermissions();
}
