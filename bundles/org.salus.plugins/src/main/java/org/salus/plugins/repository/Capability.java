package org.salus.plugins.repository;

import java.util.Map;

/**
 * Something a bundle provides, as in an OSGi Repository index: a namespace ({@code osgi.wiring.package}), typed
 * attributes (String, Long, Double, {@link org.osgi.framework.Version}, or a List of them) and directives.
 */
public record Capability(String namespace, Map<String, Object> attributes, Map<String, String> directives) {

    public Capability {
        attributes = Map.copyOf(attributes);
        directives = Map.copyOf(directives);
    }
}
