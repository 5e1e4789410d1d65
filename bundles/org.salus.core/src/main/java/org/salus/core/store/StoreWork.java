package org.salus.core.store;

import java.sql.SQLException;

import org.osgi.annotation.versioning.ConsumerType;

/** Work done inside one store transaction. */
@ConsumerType
@FunctionalInterface
public interface StoreWork<T> {

    /** Does the work; throwing rolls the transaction back. */
    T run(StoreTransaction tx) throws SQLException;
}
