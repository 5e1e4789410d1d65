package org.salus.core.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.eclipse.emf.ecore.EObject;
import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;

/** What an access control may read inside a store transaction: entities of the model, the op log, the device. Valid only during the call. */
@ProviderType
public interface AccessRecords {

    /** One entity of a type kept in the generic projection (User, Role, plugin types), unless it is deleted. */
    Optional<EObject> entity(String entityType, String id);

    /** Every entity of such a type that is not deleted, in id order. */
    List<EObject> entities(String entityType);

    /** A page of the op log, newest first. */
    OpPage operations(OpQuery query);

    /** The id of the device these records are on. */
    String deviceId();

    /** The clinic clock's current instant. */
    Instant now();
}
