package org.salus.security;

/** Whether a session can act. */
public enum SessionState {
    /** Commands may be done as its user. */
    ACTIVE,
    /** Idle too long, or locked by its user: only the same user's password unlocks it; another user logs in instead. */
    LOCKED
}
