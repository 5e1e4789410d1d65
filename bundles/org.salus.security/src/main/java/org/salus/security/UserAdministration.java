package org.salus.security;

import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.command.Actor;

/**
 * Users and roles, changed by an administrator. Every change is an operation on this device's chain; each call checks
 * the caller's permission ({@value org.salus.core.access.Permissions#USER_MANAGE} or
 * {@value org.salus.core.access.Permissions#ROLE_MANAGE}) like a command does and records a refusal.
 * <p>
 * Errors: {@link org.salus.core.access.PermissionDeniedException}, {@link org.salus.core.access.SessionRefusedException},
 * {@link org.salus.core.command.InvalidInputException} (a name taken, an unknown role, a weak password, a change that
 * would leave nobody able to administer), {@link org.salus.core.command.NotFoundException}.
 */
@ProviderType
public interface UserAdministration {

    /**
     * Creates a user with an initial password that must be changed at the first login. A user who can manage users
     * retires the setup account. The password array is wiped.
     */
    UserInfo createUser(Actor admin, String username, String displayName, Set<String> roleIds, char[] initialPassword);

    /** Replaces a user's roles. */
    UserInfo changeRoles(Actor admin, String userId, Set<String> roleIds);

    /** Sets a temporary password that must be changed at the next login, and clears a lockout. The array is wiped. */
    UserInfo resetPassword(Actor admin, String userId, char[] temporaryPassword);

    /** Unlocks an account that failed logins locked, and forgets its failed attempts. */
    UserInfo unlockAccount(Actor admin, String userId);

    /** Disables or enables an account. */
    UserInfo setEnabled(Actor admin, String userId, boolean enabled);

    /** Every user, by login name. */
    List<UserInfo> users(Actor admin);

    /** Every role, by id; any logged-in user may read them. */
    List<RoleInfo> roles(Actor actor);

    /** Creates a role or changes an existing one's name, description and permissions. */
    RoleInfo saveRole(Actor admin, String roleId, String name, String description, Set<String> permissions);
}
