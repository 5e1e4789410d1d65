package org.salus.sync.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where this device syncs and as whom (ConfigAdmin pid {@value #PID}; a factory pid too, one engine per store). */
@ObjectClassDefinition(name = "Salus device sync", description = "Pushes this device's operations to the hub and brings the other"
        + " devices' operations of the clinic into the clinic store.")
public @interface SyncConfig {

    String PID = "org.salus.sync.mqtt";

    @AttributeDefinition(name = "Hub", description = "The hub's MQTT broker, such as tcp://hub.clinic.example:1883 or"
            + " ssl://hub.clinic.example:8883. Used when hubUrls is empty.")
    String hubUrl() default "";

    @AttributeDefinition(name = "Hubs, in order", description = "The hub's brokers in the order to try them: the clinic's own (LAN) hub"
            + " first, then another way to the same hub log, such as a hub instance in the hospital's data centre. The engine connects to the"
            + " first that answers and keeps coming back to the earlier ones (see preferredRetryMillis); with none reachable it works offline."
            + " Every target must serve the same hub log: the pull cursor is a serverSeq of that log.")
    String[] hubUrls() default {};

    @AttributeDefinition(name = "Back to an earlier hub (ms)", description = "While connected to a later target of hubUrls, how often the"
            + " engine tries the earlier ones; it moves back to the first that answers, without dropping the connection it has before.")
    long preferredRetryMillis() default 60_000;

    @AttributeDefinition(name = "Trusted hub certificates", description = "For ssl:// targets: a PEM file with the hub's certificate or"
            + " the certificate of the authority that signed it (several may follow each other), or a PKCS#12 or JKS trust store."
            + " Empty: the certificates the Java runtime trusts. The hub's certificate must also name the host in the URL.")
    String trustStore() default "";

    /** The trust store's password (private: never a service property); a PEM file needs none. */
    @AttributeDefinition(name = "Trust store password", description = "The password of a PKCS#12 or JKS trust store.", type = AttributeType.PASSWORD)
    String _trustStorePassword() default "";

    @AttributeDefinition(name = "Clinic id", description = "The clinic this device was enrolled for at the hub; the same as in"
            + " org.salus.core.device.")
    String clinicId();

    @AttributeDefinition(name = "Device id", description = "The device id the hub's registry enrolled; the same as in"
            + " org.salus.core.device, so the operations pushed are this device's own.")
    String deviceId();

    /** The secret the hub issued at enrolment (private: never a service property). */
    @AttributeDefinition(name = "Device secret", description = "The secret the hub issued once at enrolment.", type = AttributeType.PASSWORD)
    String _secret() default "";

    @AttributeDefinition(name = "Operations a push", description = "At most this many operations in one push (at most 500, the wire limit).")
    int pushBatchOps() default 500;

    @AttributeDefinition(name = "Operations a page", description = "At most this many operations asked for in one pull (at most 1000).")
    int pageOps() default 1000;

    @AttributeDefinition(name = "Look for new work (ms)", description = "How often the engine looks for new local operations to push "
            + "(one read of the device's position in the store; the hub is asked only when there is something to push). It bounds how "
            + "soon another workstation sees a change: at 200 ms, p99 from a commit here to the apply there was 222 ms; at 25 ms it is "
            + "what docs/benchmarks.md reports.")
    long pollMillis() default 25;

    @AttributeDefinition(name = "Answer wait (ms)", description = "How long the engine waits for the hub's ack or page before it"
            + " counts the round as failed and tries again.")
    long answerWaitMillis() default 15_000;

    @AttributeDefinition(name = "First retry (ms)", description = "The pause before connecting again after a failure; it doubles"
            + " after each failure up to the longest retry.")
    long retryMinMillis() default 1_000;

    @AttributeDefinition(name = "Longest retry (ms)", description = "The longest pause between attempts to reach the hub.")
    long retryMaxMillis() default 60_000;

    @AttributeDefinition(name = "Pull every (ms)", description = "How often the engine pulls even when the feed brought everything,"
            + " to repair what a broker lost.")
    long resyncMillis() default 60_000;

    @AttributeDefinition(name = "Refused push retry (ms)", description = "How long a push the hub refused waits before it is tried"
            + " again (syncNow tries at once).")
    long rejectRetryMillis() default 900_000;
}
