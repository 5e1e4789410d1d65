package org.salus.core.platform;

/**
 * One installed bundle as a person sees it in the About dialog or the plugin list.
 *
 * @param id the framework's bundle id
 * @param symbolicName the bundle symbolic name
 * @param version the bundle version
 * @param state the life-cycle state
 */
public record BundleSummary(long id, String symbolicName, String version, BundleState state) {
}
