package org.salus.core.platform;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Facts about the running Salus platform: shown on the Home part, in About, and by the hub at start. */
@ProviderType
public interface PlatformInfo {

    /** The Salus release, such as {@code 0.1.0}. */
    String salusVersion();

    /** The OSGi framework's implementation, such as {@code org.apache.felix.framework}. */
    String frameworkName();

    /** The OSGi framework's version. */
    String frameworkVersion();

    /** How many bundles are ACTIVE right now. */
    int activeBundleCount();

    /** Every installed bundle, ordered by id. */
    List<BundleSummary> bundles();
}
