package org.salus.core.internal.platform;

import java.time.Instant;
import java.time.ZoneId;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.salus.core.platform.ClinicClock;

/** The clinic clock backed by the system clock, in a time zone set through ConfigAdmin. */
@Component(name = SystemClinicClock.PID, configurationPid = SystemClinicClock.PID)
@Designate(ocd = SystemClinicClock.Config.class)
public class SystemClinicClock implements ClinicClock {

    static final String PID = "org.salus.core.clock";

    @ObjectClassDefinition(name = "Salus clinic clock", description = "The time zone the clinic works in.")
    public @interface Config {
        @AttributeDefinition(name = "Time zone", description = "An IANA zone id such as Africa/Nairobi; empty means the system zone.")
        String zone() default "";
    }

    private volatile ZoneId zone = ZoneId.systemDefault();

    @Activate
    @Modified
    void configure(Config config) {
        zone = parseZone(config.zone());
    }

    static ZoneId parseZone(String id) {
        if (id == null || id.isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(id.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Unknown time zone '" + id + "' in " + PID + ".zone: use an IANA id such as Europe/Berlin", e);
        }
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public ZoneId zone() {
        return zone;
    }
}
