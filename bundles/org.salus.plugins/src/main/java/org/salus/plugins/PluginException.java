package org.salus.plugins;

/**
 * A plugin act was refused or undone. Whatever the subclass, the bundles of this Salus are as they were before the
 * call (a failed start was rolled back), and the refusal is in the audit trail.
 */
public abstract class PluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String plugin;

    protected PluginException(String plugin, String message, Throwable cause) {
        super(message, cause);
        this.plugin = plugin;
    }

    /** The plugin concerned: its symbolic name, or the jar's file name or address when it could not be read. */
    public String plugin() {
        return plugin;
    }
}
