package org.salus.device.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How the workstation talks to a hub while it joins (ConfigAdmin pid {@value #PID}). */
@ObjectClassDefinition(name = "Salus workstation enrolment", description = "How the workstation asks a hub to join it.")
public @interface DeviceConfig {

    String PID = "org.salus.device";

    @AttributeDefinition(name = "Ask every (ms)", description = "How often the workstation asks the hub whether its request was decided.")
    long pollMillis() default 2_000;

    @AttributeDefinition(name = "HTTP timeout (ms)", description = "How long one question to the hub may take.")
    long httpTimeoutMillis() default 10_000;
}
