package org.salus.plugins;

/**
 * A plugin was installed or updated but failed to resolve in the framework or to start (its activator threw). It was
 * rolled back: a new plugin was removed again, an updated one went back to its previous version.
 */
public class PluginStartException extends PluginException {

    private static final long serialVersionUID = 1L;

    private final String version;
    private final String restoredVersion;

    /**
     * @param version the version that failed
     * @param restoredVersion the version running again after the rollback, or null when the plugin was new
     */
    public PluginStartException(String plugin, String version, String restoredVersion, String message, Throwable cause) {
        super(plugin, message, cause);
        this.version = version;
        this.restoredVersion = restoredVersion;
    }

    /** The version that failed to start. */
    public String version() {
        return version;
    }

    /** The version running again after the rollback, or null when the plugin was new and was removed. */
    public String restoredVersion() {
        return restoredVersion;
    }
}
