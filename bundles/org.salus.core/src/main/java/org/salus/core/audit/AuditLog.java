package org.salus.core.audit;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.command.Actor;
import org.salus.core.op.ChainReport;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;

/**
 * Reads the audit trail. There is no second log: every answer comes from the op log.
 * <p>
 * Every method needs {@link org.salus.core.access.Permissions#AUDIT_READ audit.read}: the service asks the access
 * control, inside the read's transaction, whether the user behind the {@link Actor}'s session holds it, exactly as a
 * command is checked. A refusal returns nothing: it records one audit operation ({@code audit.access.denied}, naming
 * the permission and what was asked) and throws {@link org.salus.core.access.PermissionDeniedException} (the user's
 * roles do not grant it) or {@link org.salus.core.access.SessionRefusedException} (the session is unknown, forged,
 * expired or locked, must change its password, or its account is disabled); with no access control running it throws
 * {@link org.salus.core.access.AccessControlUnavailableException}. An allowed read counts as activity of the session.
 * Throws {@link org.salus.core.command.StoreUnavailableException} when no store appears within the configured wait.
 */
@ProviderType
public interface AuditLog {

    /** Operations matching every filter set in the query, newest first, one page at a time. */
    OpPage find(Actor actor, OpQuery query);

    /** One operation by id. */
    Optional<OpEnvelope> operation(Actor actor, String opId);

    /** How many operations the log holds. */
    long size(Actor actor);

    /**
     * Verifies every device's hash chain from its first operation to its recorded head.
     *
     * @return the report; {@link ChainReport#firstProblem()} names the first bad operation of a broken chain
     */
    ChainReport verifyChain(Actor actor);
}
