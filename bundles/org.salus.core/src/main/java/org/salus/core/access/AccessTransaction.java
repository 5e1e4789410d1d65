package org.salus.core.access;

import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.op.OpEnvelope;

/**
 * A write transaction of the {@link AccessLedger}: each call appends one operation to this device's chain and applies
 * it to the projections, and all of them commit together when the work returns. Valid only while the work runs.
 */
@ProviderType
public interface AccessTransaction extends AccessRecords {

    /** A new UUIDv7 for an entity. */
    String newId();

    /** Records a new entity with every attribute ({@code user.create}). */
    OpEnvelope create(EObject entity, String opType);

    /**
     * Records a change of some attributes of an entity ({@code user.roles}). Values are model values (String,
     * Boolean, Integer, Instant, a List for a many-valued attribute); a list replaces the whole list.
     *
     * @throws IllegalArgumentException when the entity type has no attribute of a given name
     */
    OpEnvelope update(String entityType, String entityId, String opType, Map<String, ?> changes);

    /**
     * Records an audit-only operation ({@code audit.login.failed}): kept in the op log and synced, never applied to
     * a projection.
     *
     * @throws IllegalArgumentException when {@code opType} does not start with {@value AccessLedger#AUDIT_PREFIX}
     */
    OpEnvelope audit(String entityType, String entityId, String opType, Map<String, ?> details);
}
