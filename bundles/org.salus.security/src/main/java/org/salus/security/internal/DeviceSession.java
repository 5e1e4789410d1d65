package org.salus.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Set;

import org.salus.core.command.Actor;
import org.salus.security.Session;
import org.salus.security.SessionState;

/**
 * The session open on this device. Only a digest of its handle is kept, and handles are compared in constant time.
 * Mutable; guarded by the security service's lock.
 */
final class DeviceSession {

    final Actor actor;
    final byte[] handleDigest;
    final String userId;
    final boolean offline;
    final Instant openedAt;
    String username;
    String displayName;
    Set<String> roleIds;
    Set<String> permissions;
    Instant lastActivity;
    boolean locked;
    boolean passwordChangeRequired;

    DeviceSession(Actor actor, String userId, String username, String displayName, Set<String> roleIds, Set<String> permissions,
            boolean offline, boolean passwordChangeRequired, Instant now) {
        this.actor = actor;
        this.handleDigest = digest(actor.session());
        this.userId = userId;
        this.username = username;
        this.displayName = displayName;
        this.roleIds = Set.copyOf(roleIds);
        this.permissions = Set.copyOf(permissions);
        this.offline = offline;
        this.passwordChangeRequired = passwordChangeRequired;
        this.openedAt = now;
        this.lastActivity = now;
    }

    boolean matches(Actor other) {
        return other != null && MessageDigest.isEqual(handleDigest, digest(other.session()));
    }

    /** Locks the session when it has been idle for {@code idle}; true when it is locked now. */
    boolean lockIfIdle(Instant now, java.time.Duration idle) {
        if (!locked && !now.isBefore(lastActivity.plus(idle))) {
            locked = true;
        }
        return locked;
    }

    Session snapshot(java.time.Duration idle, java.time.Duration maxSession) {
        return new Session(actor, userId, username, displayName, roleIds, permissions, locked ? SessionState.LOCKED : SessionState.ACTIVE,
                passwordChangeRequired, offline, openedAt, lastActivity, lastActivity.plus(idle), openedAt.plus(maxSession));
    }

    private static byte[] digest(String handle) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(handle.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
