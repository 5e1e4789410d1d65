package org.salus.security;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.command.Actor;

/**
 * How a service outside the clinic data (the plugin manager) checks an administrator and records what it did: the
 * same permission check a command gets, and audit operations on this device's chain, which sync like every other.
 * <p>
 * Errors: {@link org.salus.core.access.PermissionDeniedException} and
 * {@link org.salus.core.access.SessionRefusedException} (the refusal is recorded first), and
 * {@link SecurityUnavailableException} while the clinic data core is not running.
 *
 * @since 1.1
 */
@ProviderType
public interface AdministrativeActs {

    /**
     * Checks that the actor's session is usable and that one of its user's roles grants {@code permission}. A refusal
     * is recorded as {@code audit.access.denied} (naming the permission and {@code what}), then thrown.
     *
     * @param what the act asked for, for the audit trail ({@code PluginManager.install org.example.plugin})
     * @return the verified user
     */
    UserInfo authorize(Actor actor, String permission, String what);

    /**
     * Records one audit operation ({@code opType} starts with {@code audit.}) on this device's chain, naming the
     * actor's verified user (or {@code anonymous} when its session is not the device's).
     *
     * @return the operation's id
     * @throws IllegalArgumentException when {@code opType} does not start with {@code audit.}
     */
    String record(Actor actor, String entityType, String entityId, String opType, Map<String, ?> details);
}
