package org.salus.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.salus.core.platform.BundleState;
import org.salus.core.platform.BundleSummary;
import org.salus.core.platform.ClinicClock;
import org.salus.core.platform.PlatformInfo;

/** The core platform services in a real framework; bnd-testing runs this same bundle on Felix and on Equinox. */
class PlatformServicesOSGiTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    PlatformInfo platform;

    @InjectService(timeout = 10_000)
    ClinicClock clock;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @AfterEach
    void resetClock() throws Exception {
        Configuration c = configAdmin.getConfiguration("org.salus.core.clock", "?");
        c.delete();
    }

    @Test
    void platformInfoDescribesTheFrameworkItRunsIn() {
        Bundle system = context.getBundle(0);
        assertEquals(system.getSymbolicName(), platform.frameworkName());
        assertEquals(system.getVersion().toString(), platform.frameworkVersion());
        assertTrue(List.of("org.apache.felix.framework", "org.eclipse.osgi").contains(platform.frameworkName()), platform.frameworkName());
        System.out.println("[core.tests] framework=" + platform.frameworkName() + " " + platform.frameworkVersion());
    }

    @Test
    void bundleListMatchesTheFramework() {
        Bundle[] installed = context.getBundles();
        List<BundleSummary> listed = platform.bundles();
        assertEquals(installed.length, listed.size());
        long active = Arrays.stream(installed).filter(b -> b.getState() == Bundle.ACTIVE).count();
        assertEquals(active, platform.activeBundleCount());
        BundleSummary core = listed.stream().filter(b -> b.symbolicName().equals("org.salus.core")).findFirst().orElseThrow();
        assertEquals(BundleState.ACTIVE, core.state());
        Bundle coreBundle = Arrays.stream(installed).filter(b -> "org.salus.core".equals(b.getSymbolicName())).findFirst().orElseThrow();
        assertEquals(coreBundle.getVersion().toString(), core.version());
        assertEquals(coreBundle.getVersion().getMajor() + "." + coreBundle.getVersion().getMinor() + "." + coreBundle.getVersion().getMicro(),
                platform.salusVersion());
    }

    @Test
    void clinicTimeZoneFollowsConfigAdminWhileRunning() throws Exception {
        Configuration c = configAdmin.getConfiguration("org.salus.core.clock", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("zone", "Pacific/Kiritimati");
        c.update(props);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!clock.zone().equals(ZoneId.of("Pacific/Kiritimati")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(ZoneId.of("Pacific/Kiritimati"), clock.zone());
        assertEquals(java.time.LocalDate.ofInstant(clock.now(), ZoneId.of("Pacific/Kiritimati")), clock.today());
    }
}
