package org.salus.plugins;

import java.net.URI;

/**
 * A plugin the hub's repository offers.
 *
 * @param symbolicName its bundle symbolic name
 * @param version its version
 * @param name its human name
 * @param jar where its jar is
 * @param size the jar's size in bytes
 * @param sha256 the jar's SHA-256, hexadecimal
 */
public record AvailablePlugin(String symbolicName, String version, String name, URI jar, long size, String sha256) {
}
