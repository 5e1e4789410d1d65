package org.salus.core.internal.platform;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.salus.core.platform.BundleState;
import org.salus.core.platform.BundleSummary;
import org.salus.core.platform.PlatformInfo;

/** Platform facts read live from the OSGi framework this bundle runs in. */
@Component(name = "org.salus.core.platform")
public class FrameworkPlatformInfo implements PlatformInfo {

    private final BundleContext context;
    private final String salusVersion;

    @Activate
    public FrameworkPlatformInfo(BundleContext context) {
        this.context = context;
        this.salusVersion = releaseOf(context.getBundle().getVersion());
    }

    /** A bundle version without its build qualifier: 0.1.0.202611220500 is release 0.1.0. */
    static String releaseOf(Version version) {
        return version.getMajor() + "." + version.getMinor() + "." + version.getMicro();
    }

    @Override
    public String salusVersion() {
        return salusVersion;
    }

    @Override
    public String frameworkName() {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        return system.getSymbolicName();
    }

    @Override
    public String frameworkVersion() {
        return context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getVersion().toString();
    }

    @Override
    public int activeBundleCount() {
        return (int) Arrays.stream(context.getBundles()).filter(b -> b.getState() == Bundle.ACTIVE).count();
    }

    @Override
    public List<BundleSummary> bundles() {
        return Arrays.stream(context.getBundles())
                .sorted(Comparator.comparingLong(Bundle::getBundleId))
                .map(FrameworkPlatformInfo::summarize)
                .toList();
    }

    static BundleSummary summarize(Bundle b) {
        String name = b.getSymbolicName() == null ? b.getLocation() : b.getSymbolicName();
        return new BundleSummary(b.getBundleId(), name, b.getVersion().toString(), BundleState.fromOsgi(b.getState()));
    }
}
