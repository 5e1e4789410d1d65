package org.salus.core.internal.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;
import org.salus.core.platform.BundleState;

class FrameworkPlatformInfoTest {

    @Test
    void releaseDropsTheBuildQualifier() {
        assertEquals("0.1.0", FrameworkPlatformInfo.releaseOf(Version.parseVersion("0.1.0.202611220500")));
        assertEquals("2.3.4", FrameworkPlatformInfo.releaseOf(Version.parseVersion("2.3.4")));
    }

    @Test
    void osgiStatesMapToNames() {
        assertEquals(BundleState.ACTIVE, BundleState.fromOsgi(0x20));
        assertEquals(BundleState.RESOLVED, BundleState.fromOsgi(0x04));
        assertEquals(BundleState.INSTALLED, BundleState.fromOsgi(0x02));
        assertThrows(IllegalArgumentException.class, () -> BundleState.fromOsgi(0x40));
    }
}
