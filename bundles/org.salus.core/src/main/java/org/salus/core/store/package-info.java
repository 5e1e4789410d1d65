/**
 * The service a clinic store implements (H2 on workstations, PostgreSQL on a hub): one transaction per write holding
 * the op append and the projection updates, op log reads, meta values, projection rebuild, and the database key.
 * Since 1.1 a transaction also appends the operations of other devices that sync brings ({@code appendForeign}); since
 * 1.2 a store creates the register tables ({@code register_write}, {@code register_conflict}); since 1.3 a transaction
 * says whether its store runs writes one at a time ({@code writesOneAtATime}), which spares the core its row locks.
 */
@Export
@Version("1.3.0")
package org.salus.core.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
