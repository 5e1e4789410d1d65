package org.salus.plugins;

/** A plugin act that does not apply: nothing was changed. */
public class PluginRefusedException extends PluginException {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** No plugin of that name is installed (or offered by the repository). */
        NOT_FOUND,
        /** A plugin of that name is installed already: update it instead. */
        ALREADY_INSTALLED,
        /** The bundle came with the product: only a product update changes it. */
        PRODUCT_BUNDLE,
        /** The update is not newer than the installed version. */
        NOT_NEWER,
        /** The hub's repository could not be reached or read. */
        REPOSITORY_UNAVAILABLE,
        /** The plugin manager cannot check anybody now (the security bundle or the clinic data core is not running). */
        UNAVAILABLE
    }

    private final Reason reason;

    public PluginRefusedException(Reason reason, String plugin, String message, Throwable cause) {
        super(plugin, message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
