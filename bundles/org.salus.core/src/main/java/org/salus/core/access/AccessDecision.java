package org.salus.core.access;

import java.util.Objects;

/**
 * What an {@link AccessControl} decided for one permission.
 *
 * @param outcome allowed, denied, or no valid session
 * @param userId the verified user (always when allowed; when denied; and when the session was recognised but is no
 *        longer usable), or null when the session could not be tied to a user
 * @param userName the user's login name for messages, or null with {@code userId}
 * @param reason why not, in plain words (null when allowed)
 * @param sessionProblem what is wrong with the session when the outcome is {@link Outcome#SESSION_REFUSED}, else null
 */
public record AccessDecision(Outcome outcome, String userId, String userName, String reason,
        SessionRefusedException.Problem sessionProblem) {

    /** The three ways a decision can go. */
    public enum Outcome {
        /** The session is valid and one of the user's roles grants the permission. */
        ALLOWED,
        /** The session is valid but none of the user's roles grants the permission. */
        DENIED,
        /** The session is unknown, forged, ended, expired, locked, or must change its password first. */
        SESSION_REFUSED
    }

    public AccessDecision {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome != Outcome.SESSION_REFUSED && (userId == null || userId.isBlank())) {
            throw new IllegalArgumentException("an allowed or denied decision names the verified user");
        }
        if (outcome == Outcome.SESSION_REFUSED && sessionProblem == null) {
            throw new IllegalArgumentException("a refused session names its problem");
        }
    }

    /** The verified user may do it. */
    public static AccessDecision allow(String userId, String userName) {
        return new AccessDecision(Outcome.ALLOWED, userId, userName, null, null);
    }

    /** The verified user may not do it. */
    public static AccessDecision deny(String userId, String userName, String reason) {
        return new AccessDecision(Outcome.DENIED, userId, userName, reason, null);
    }

    /** The session does not let anyone act; {@code userId} and {@code userName} are null when it belongs to nobody known. */
    public static AccessDecision refuseSession(SessionRefusedException.Problem problem, String userId, String userName, String reason) {
        return new AccessDecision(Outcome.SESSION_REFUSED, userId, userName, reason, problem);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }
}
