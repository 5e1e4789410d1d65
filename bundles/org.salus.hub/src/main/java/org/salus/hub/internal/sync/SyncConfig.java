package org.salus.hub.internal.sync;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How the hub's sync service reaches its broker (ConfigAdmin pid {@value #PID}). */
@ObjectClassDefinition(name = "Salus hub sync", description = "Takes the devices' pushes and pulls from the MQTT broker, keeps them in"
        + " the hub log, and answers with acks, pages and the clinic feed.")
public @interface SyncConfig {

    String PID = "org.salus.hub.sync";

    @AttributeDefinition(name = "External broker", description = "An external MQTT 5 broker (Mosquitto, EMQX), such as"
            + " tcp://broker.example:1883. Empty: the hub's embedded broker, with the service identity it makes at each start.")
    String brokerUrl() default "";

    @AttributeDefinition(name = "User name", description = "The user name at the external broker; empty connects anonymously."
            + " That user must be allowed every clinic's topics.")
    String username() default "";

    @AttributeDefinition(name = "Password", description = "The password at the external broker.", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(name = "Client id", description = "The MQTT client id; empty makes one (hub.sync-<random>). Each hub"
            + " instance needs its own.")
    String clientId() default "";

    @AttributeDefinition(name = "Share group", description = "The MQTT 5 shared subscription group: hub instances of one group"
            + " split the devices' pushes and pulls between them.")
    String shareGroup() default "hub";

    @AttributeDefinition(name = "Largest message (bytes)", description = "The largest push or pull the hub reads, and the largest"
            + " page or feed it sends; keep it below the broker's own limit so that the hub, not the broker, answers a bigger one.")
    int maxMessageBytes() default 2 * 1024 * 1024;

    @AttributeDefinition(name = "Workers", description = "How many threads handle messages; one device's messages always go to the"
            + " same one, in order.")
    int workers() default 16;

    @AttributeDefinition(name = "Start wait (ms)", description = "How long activation waits for the first connection before it"
            + " goes on connecting in the background.")
    long connectWaitMillis() default 10_000;
}
