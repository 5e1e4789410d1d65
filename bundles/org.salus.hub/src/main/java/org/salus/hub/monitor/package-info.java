/**
 * What the hub reports about itself: whether it is ready ({@link org.salus.hub.monitor.HubHealth}) and how sync goes,
 * in total and for each device ({@link org.salus.hub.monitor.SyncMonitor}). The hub's HTTP endpoints and any
 * integrator's monitoring read these services.
 */
@Export
@Version("1.0.0")
package org.salus.hub.monitor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
