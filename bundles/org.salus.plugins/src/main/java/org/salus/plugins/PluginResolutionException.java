package org.salus.plugins;

import java.util.List;

/**
 * A plugin needs something that neither the installed bundles nor the repository's other plugins provide. Nothing
 * was installed or changed.
 */
public class PluginResolutionException extends PluginException {

    private static final long serialVersionUID = 1L;

    private final List<String> missing;

    /** @param missing each requirement nobody provides, in words ({@code package org.example.api 1.0 or later, below 2.0}) */
    public PluginResolutionException(String plugin, List<String> missing, String message) {
        super(plugin, message, null);
        this.missing = List.copyOf(missing);
    }

    /** Each requirement nobody provides, in words. */
    public List<String> missing() {
        return missing;
    }
}
