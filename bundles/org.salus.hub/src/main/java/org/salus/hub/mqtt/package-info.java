/**
 * How the hub's own services reach its embedded MQTT broker: the address and the service identity that, unlike a
 * device, may use every clinic's topics. The embedded broker offers {@link org.salus.hub.mqtt.BrokerAccess}.
 */
@Export
@Version("1.1.0")
package org.salus.hub.mqtt;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
