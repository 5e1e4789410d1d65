package org.salus.core.conflict;

import java.time.Instant;

/**
 * One write of a field: a side of a conflict, or its resolution.
 *
 * @param opId the operation that wrote it
 * @param value the value as text ("Smith", "1980-05-17", "20", "true"), or null when the field was cleared
 * @param userId who wrote it
 * @param userName that user's login name as this device knows it, or the user id when it knows none
 * @param deviceId on which workstation
 * @param at when, by that workstation's clock
 * @param hlc the operation's hybrid logical clock reading, which orders the sides
 */
public record ConflictSide(String opId, String value, String userId, String userName, String deviceId, Instant at, String hlc) {
}
