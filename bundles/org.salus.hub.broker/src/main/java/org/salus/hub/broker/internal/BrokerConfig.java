package org.salus.hub.broker.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Where the hub's MQTT 5 broker listens and keeps its journal. TLS is not offered yet (a later version adds a TLS
 * port and its key store here); until then run the hub on a trusted network.
 */
@ObjectClassDefinition(name = "Salus hub MQTT broker", description = "The embedded MQTT 5 broker the clinic devices connect to. "
        + "A change restarts the broker. TLS settings come in a later version.")
public @interface BrokerConfig {

    @AttributeDefinition(name = "Host", description = "The address to listen on; 0.0.0.0 listens on every network interface.")
    String host() default "0.0.0.0";

    @AttributeDefinition(name = "Port", description = "The MQTT port, 1 to 65535.")
    int port() default 1883;

    @AttributeDefinition(name = "Data folder", description = "The broker's journal, which keeps QoS 1 sessions across restarts. "
            + "Relative paths start at the hub's working directory.")
    String dataDir() default "data/broker";

    @AttributeDefinition(name = "Largest message (bytes)", description = "The largest MQTT packet a device may send. "
            + "A device that sends a bigger one is disconnected with reason 0x95 (packet too large).")
    int maxMessageBytes() default 4 * 1024 * 1024;
}
