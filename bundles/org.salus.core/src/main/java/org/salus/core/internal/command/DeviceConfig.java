package org.salus.core.internal.command;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Who this device is and how it waits for its store (ConfigAdmin pid {@value #PID}). */
@ObjectClassDefinition(name = "Salus device", description = "The clinic and device this workstation writes operations as.")
public @interface DeviceConfig {

    String PID = "org.salus.core.device";

    @AttributeDefinition(name = "Clinic id", description = "The clinic this device belongs to; set at enrolment.")
    String clinicId() default "unassigned";

    @AttributeDefinition(name = "Device id", description = "This device's id; empty means: generate one once and keep it in the store.")
    String deviceId() default "";

    @AttributeDefinition(name = "Store wait (ms)", description = "How long a command waits for the clinic store to appear before it is refused.")
    long storeWaitMillis() default 5000;

    @AttributeDefinition(name = "Largest clock skew (ms)", description = "How far ahead of this device's clock a received clock reading may be.")
    long maxClockSkewMillis() default 3_600_000;
}
