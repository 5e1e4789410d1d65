package org.salus.hub.broker.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Where the hub's MQTT 5 broker listens and keeps its journal, and, when tlsPort is set, its TLS listener.
 */
@ObjectClassDefinition(name = "Salus hub MQTT broker", description = "The embedded MQTT 5 broker the clinic devices connect to. "
        + "A change restarts the broker.")
public @interface BrokerConfig {

    @AttributeDefinition(name = "Host", description = "The address to listen on; 0.0.0.0 listens on every network interface.")
    String host() default "0.0.0.0";

    @AttributeDefinition(name = "Port", description = "The MQTT port, 1 to 65535.")
    int port() default 1883;

    @AttributeDefinition(name = "Data folder", description = "The broker's journal, which keeps QoS 1 sessions across restarts. "
            + "Relative paths start at the hub's working directory.")
    String dataDir() default "data/broker";

    @AttributeDefinition(name = "TLS port", description = "A second listener for MQTT over TLS (usually 8883); 0, the default, offers none. "
            + "It needs tlsKeyStore. To accept devices over TLS only, set host=127.0.0.1 (the hub's own services) and tlsHost=0.0.0.0.")
    int tlsPort() default 0;

    @AttributeDefinition(name = "TLS host", description = "The address the TLS listener listens on; empty: the same as host.")
    String tlsHost() default "";

    @AttributeDefinition(name = "TLS key store", description = "A PKCS#12 file with the hub's private key and certificate "
            + "(docs/hub-operations.md shows how to make one). Relative paths start at the hub's working directory.")
    String tlsKeyStore() default "";

    @AttributeDefinition(name = "TLS key store password", type = AttributeType.PASSWORD, description = "The password of the key store.")
    String tlsKeyStorePassword() default "";

    @AttributeDefinition(name = "Largest message (bytes)", description = "The largest MQTT packet a device may send. "
            + "A device that sends a bigger one is disconnected with reason 0x95 (packet too large).")
    int maxMessageBytes() default 4 * 1024 * 1024;
}
