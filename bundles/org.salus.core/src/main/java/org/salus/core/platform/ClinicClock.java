package org.salus.core.platform;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.osgi.annotation.versioning.ProviderType;

/** The clinic's wall clock and time zone: expiry dates, "today" and audit times all come from here. */
@ProviderType
public interface ClinicClock {

    /** The current instant. */
    Instant now();

    /** The clinic's time zone, which decides what "today" and an expiry date mean. */
    ZoneId zone();

    /** Today's date in the clinic's time zone. */
    default LocalDate today() {
        return LocalDate.ofInstant(now(), zone());
    }

    /** This clock as a {@link java.time.Clock}, for APIs that take one. */
    default Clock asClock() {
        ClinicClock self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return self.zone();
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return Clock.fixed(self.now(), zone);
            }

            @Override
            public Instant instant() {
                return self.now();
            }
        };
    }
}
