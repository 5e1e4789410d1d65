package org.salus.plugins;

/** A jar that is not signed, was changed after signing, or is signed by nobody the trust anchors vouch for. */
public class PluginSignatureException extends PluginException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the signature. */
    public enum Problem {
        /** The jar, or one of its entries, carries no signature. */
        UNSIGNED,
        /** An entry does not match its signed digest: the jar was changed after it was signed. */
        TAMPERED,
        /** The signer's certificate does not chain to a configured trust anchor (or is expired). */
        UNTRUSTED,
        /** The file is not a readable jar, or not an OSGi bundle. */
        NOT_A_BUNDLE
    }

    private final Problem problem;
    private final String jar;
    private final String entry;

    /**
     * @param jar the jar's file name or address
     * @param entry the entry that failed, or null when the whole jar did
     */
    public PluginSignatureException(Problem problem, String jar, String entry, String message, Throwable cause) {
        super(jar, message, cause);
        this.problem = problem;
        this.jar = jar;
        this.entry = entry;
    }

    public Problem problem() {
        return problem;
    }

    /** The jar's file name or address. */
    public String jar() {
        return jar;
    }

    /** The entry that failed the check, or null when the jar as a whole did. */
    public String entry() {
        return entry;
    }
}
