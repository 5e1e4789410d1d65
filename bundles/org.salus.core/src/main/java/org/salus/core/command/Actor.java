package org.salus.core.command;

/**
 * Who does a command: the user id recorded in every operation it writes.
 *
 * @param userId the user's id; not blank, at most 200 characters
 */
public record Actor(String userId) {

    public Actor {
        if (userId == null || userId.isBlank()) {
            throw new InvalidInputException("userId", "a user must be named for every change to clinic data");
        }
        if (userId.length() > 200) {
            throw new InvalidInputException("userId", "a user id has at most 200 characters (this one has " + userId.length() + ")");
        }
    }
}
