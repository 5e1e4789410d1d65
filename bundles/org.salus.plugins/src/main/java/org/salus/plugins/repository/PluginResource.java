package org.salus.plugins.repository;

import java.util.List;

/**
 * One plugin jar as the repository index describes it.
 *
 * @param symbolicName its bundle symbolic name
 * @param version its bundle version
 * @param name its {@code Bundle-Name}, or the symbolic name
 * @param url where the jar is, relative to the index (or absolute)
 * @param size the jar's size in bytes
 * @param sha256 the jar's SHA-256, hexadecimal lower case
 * @param capabilities what it provides (identity, packages, bundle, declared capabilities)
 * @param requirements what it needs (imports, required bundles, declared requirements)
 */
public record PluginResource(String symbolicName, String version, String name, String url, long size, String sha256,
        List<Capability> capabilities, List<Requirement> requirements) {

    public PluginResource {
        capabilities = List.copyOf(capabilities);
        requirements = List.copyOf(requirements);
    }

    /** The same resource found at another address. */
    public PluginResource at(String newUrl) {
        return new PluginResource(symbolicName, version, name, newUrl, size, sha256, capabilities, requirements);
    }

    /** The first of its capabilities that meets a requirement, if any. */
    public boolean provides(Requirement r) {
        return capabilities.stream().anyMatch(r::matches);
    }
}
