package org.salus.core.audit;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.op.ChainReport;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;

/**
 * Reads the audit trail. There is no second log: every answer comes from the op log.
 * Throws {@link org.salus.core.command.StoreUnavailableException} when no store appears within the configured wait.
 */
@ProviderType
public interface AuditLog {

    /** Operations matching every filter set in the query, newest first, one page at a time. */
    OpPage find(OpQuery query);

    /** One operation by id. */
    Optional<OpEnvelope> operation(String opId);

    /** How many operations the log holds. */
    long size();

    /**
     * Verifies every device's hash chain from its first operation to its recorded head.
     *
     * @return the report; {@link ChainReport#firstProblem()} names the first bad operation of a broken chain
     */
    ChainReport verifyChain();
}
