package org.salus.core.store;

import java.sql.SQLException;

import org.osgi.annotation.versioning.ConsumerType;
import org.salus.core.op.OpEnvelope;

/** Applies one operation to the projection tables; the same code serves live writes and rebuilds. */
@ConsumerType
@FunctionalInterface
public interface OpApplier {

    void apply(StoreTransaction tx, OpEnvelope op) throws SQLException;
}
