package org.salus.core.platform;

/** The OSGi life-cycle states of a bundle, named as a person reads them. */
public enum BundleState {
    INSTALLED, RESOLVED, STARTING, STOPPING, ACTIVE, UNINSTALLED;

    /**
     * Maps an {@code org.osgi.framework.Bundle#getState()} constant.
     *
     * @param osgiState one of the OSGi state bits
     * @return the matching state
     * @throws IllegalArgumentException for a value that is not an OSGi bundle state
     */
    public static BundleState fromOsgi(int osgiState) {
        return switch (osgiState) {
            case 0x01 -> UNINSTALLED;
            case 0x02 -> INSTALLED;
            case 0x04 -> RESOLVED;
            case 0x08 -> STARTING;
            case 0x10 -> STOPPING;
            case 0x20 -> ACTIVE;
            default -> throw new IllegalArgumentException("not an OSGi bundle state: " + osgiState);
        };
    }
}
