package org.salus.core.internal.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class SystemClinicClockTest {

    @Test
    void blankZoneMeansSystemZone() {
        assertEquals(ZoneId.systemDefault(), SystemClinicClock.parseZone(" "));
        assertEquals(ZoneId.systemDefault(), SystemClinicClock.parseZone(null));
    }

    @Test
    void configuredZoneIsUsedForToday() {
        assertEquals(ZoneId.of("Pacific/Kiritimati"), SystemClinicClock.parseZone("Pacific/Kiritimati"));
    }

    @Test
    void unknownZoneNamesTheSettingToFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SystemClinicClock.parseZone("Mars/Olympus"));
        assertTrue(e.getMessage().contains("Mars/Olympus"), e.getMessage());
        assertTrue(e.getMessage().contains("org.salus.core.clock.zone"), e.getMessage());
    }
}
