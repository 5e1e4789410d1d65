/**
 * The devices a hub knows: which clinic each belongs to, and the credentials it proves itself with when it connects.
 * The hub's broker asks {@link org.salus.hub.device.DeviceRegistry} on every connection.
 */
@Export
@Version("1.1.0")
package org.salus.hub.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
