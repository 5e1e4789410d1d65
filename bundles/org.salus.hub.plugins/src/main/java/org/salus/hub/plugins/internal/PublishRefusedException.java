package org.salus.hub.plugins.internal;

/** A jar the repository does not take, with the HTTP status that says why. */
final class PublishRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String jar;
    private final String entry;

    PublishRefusedException(int status, String code, String jar, String entry, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.jar = jar;
        this.entry = entry;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String jar() {
        return jar;
    }

    String entry() {
        return entry;
    }
}
