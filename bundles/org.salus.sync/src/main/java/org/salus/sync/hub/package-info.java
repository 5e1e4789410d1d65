/**
 * The hub's side of sync: {@link org.salus.sync.hub.HubLog}, the store of every clinic's operations in server order,
 * and {@link org.salus.sync.hub.BatchCheck}, the chain checks every implementation of it applies to a pushed batch.
 */
@Export
@Version("1.2.0")
package org.salus.sync.hub;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
