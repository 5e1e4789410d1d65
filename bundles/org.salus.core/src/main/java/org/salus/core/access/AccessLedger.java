package org.salus.core.access;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How the access control records users, roles and authentication events: as operations on this device's chain,
 * through the same store transactions, hash chain and projections as every command. Handed to the access control
 * by the core ({@link AccessControl#attach(AccessLedger)}); it is not a service anyone can look up.
 */
@ProviderType
public interface AccessLedger {

    /** Operation types that start with this are audit records only: the projector never applies them. */
    String AUDIT_PREFIX = "audit.";

    /** The audit operation that records a refusal: of a command, or of an administrative act. */
    String OP_ACCESS_DENIED = AUDIT_PREFIX + "access.denied";

    /** The user id written into operations the platform does on its own (seeding roles, the first-run account). */
    String SYSTEM_USER = "system";

    /** The user id written into audit operations whose subject is not known (a forged session, an unknown login name). */
    String ANONYMOUS_USER = "anonymous";

    /** Work done inside one write transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(AccessTransaction tx);
    }

    /** Work done inside one read-only transaction. */
    @FunctionalInterface
    interface ReadWork<T> {
        T run(AccessRecords records);
    }

    /**
     * Runs {@code work} in one write transaction; every operation it records names {@code userId} as its user. It
     * commits when the work returns and rolls back when it throws.
     *
     * @throws org.salus.core.command.StoreUnavailableException when no store appears within the configured wait
     * @throws org.salus.core.command.StoreFailureException when the store fails
     */
    <T> T write(String userId, Work<T> work);

    /** Runs {@code work} in one read-only transaction. */
    <T> T read(ReadWork<T> work);
}
