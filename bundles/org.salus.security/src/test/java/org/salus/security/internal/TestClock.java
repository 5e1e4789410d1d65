package org.salus.security.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.salus.core.platform.ClinicClock;

/** A clinic clock the test moves; nothing waits for real time. */
final class TestClock implements ClinicClock {

    private final AtomicReference<Instant> now;

    TestClock(String instant) {
        this.now = new AtomicReference<>(Instant.parse(instant));
    }

    void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant now() {
        return now.get();
    }

    @Override
    public ZoneId zone() {
        return ZoneOffset.UTC;
    }
}
