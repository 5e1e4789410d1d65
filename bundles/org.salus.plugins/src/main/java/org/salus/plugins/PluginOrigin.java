package org.salus.plugins;

/** Where an installed bundle came from. */
public enum PluginOrigin {
    /** Shipped with the product (the workstation or the hub); the plugin manager neither updates nor removes it. */
    PRODUCT,
    /** Installed by the plugin manager from the hub's plugin repository. */
    HUB,
    /** Installed by the plugin manager from a jar file on this machine. */
    LOCAL_FILE
}
