package org.salus.plugins;

import org.salus.core.platform.BundleState;

/**
 * One bundle of this Salus as the plugin list shows it.
 *
 * @param id the framework's bundle id
 * @param symbolicName the bundle symbolic name
 * @param version the bundle version
 * @param name the bundle's human name ({@code Bundle-Name}), or the symbolic name when it has none
 * @param state the life-cycle state
 * @param origin where it came from
 * @param source for a plugin, the repository address or file it was installed from; null for a product bundle
 */
public record InstalledBundle(long id, String symbolicName, String version, String name, BundleState state, PluginOrigin origin,
        String source) {

    /** Whether the plugin manager installed it (and so may update or remove it). */
    public boolean plugin() {
        return origin != PluginOrigin.PRODUCT;
    }
}
