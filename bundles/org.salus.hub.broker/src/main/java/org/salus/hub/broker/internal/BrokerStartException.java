package org.salus.hub.broker.internal;

/**
 * Why the broker could not start, in one line an operator can act on: which address, port or folder, and which
 * setting to change. It carries no stack trace, because the cause is the machine's state, not the code.
 */
public final class BrokerStartException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What stands in the way. */
    public enum Problem {
        /** Another program listens on the port. */
        PORT_IN_USE,
        /** A setting is out of range: a port outside 1 to 65535, a largest message below 1 KB. */
        INVALID_SETTING,
        /** No network interface of this machine has the configured address, or the host name is unknown. */
        ADDRESS_NOT_HERE,
        /** The operating system does not let this process listen on the port. */
        PORT_NOT_PERMITTED,
        /** Another broker holds the lock on the data folder. */
        DATA_FOLDER_IN_USE,
        /** Anything else; the message says what Artemis reported. */
        OTHER
    }

    private final Problem problem;

    public BrokerStartException(Problem problem, String message) {
        super(message, null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
