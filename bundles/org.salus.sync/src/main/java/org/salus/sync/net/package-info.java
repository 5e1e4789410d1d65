/**
 * Network helpers shared by the MQTT connections of the hub and of the workstations.
 */
@Export
@Version("1.0.0")
package org.salus.sync.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
