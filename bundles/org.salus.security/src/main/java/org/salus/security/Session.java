package org.salus.security;

import java.time.Instant;
import java.util.Set;

import org.salus.core.command.Actor;

/**
 * A snapshot of the session open on this device. The {@link #actor()} is what commands are done with; the roles
 * and permissions are as they were when the snapshot was taken (the core checks the current ones for every command).
 *
 * @param actor the handle for commands; a secret: whoever holds it acts as this user
 * @param userId the user's id
 * @param username the login name
 * @param displayName the name to show
 * @param roleIds the user's roles
 * @param permissions what those roles grant
 * @param state active or locked
 * @param passwordChangeRequired the user must set a new password before anything else (first login, after a reset)
 * @param offline whether the login happened while the hub could not be reached
 * @param openedAt when the user logged in
 * @param lastActivity the last command, unlock or touch
 * @param locksAt when the session locks if nothing happens before
 * @param expiresAt when the session ends whatever happens
 */
public record Session(Actor actor, String userId, String username, String displayName, Set<String> roleIds, Set<String> permissions,
        SessionState state, boolean passwordChangeRequired, boolean offline, Instant openedAt, Instant lastActivity, Instant locksAt,
        Instant expiresAt) {

    public Session {
        roleIds = Set.copyOf(roleIds);
        permissions = Set.copyOf(permissions);
    }

    /** Whether the snapshot's roles grant a permission (for enabling menus; the core decides for real). */
    public boolean grants(String permission) {
        return permissions.contains(permission);
    }
}
