package org.salus.core.conflict;

/**
 * Two concurrent changes of one register field: made on two devices (or by two people) that had not seen each
 * other's change. While it is open the field shows the {@link #right()} side, the newer one by clock; nothing is lost.
 *
 * @param id the same on every device that holds both changes
 * @param entityType {@code Patient} or {@code Medicine}
 * @param entityId the patient or medicine
 * @param field the attribute ({@code familyName}, {@code strength})
 * @param state open or resolved
 * @param left the older change
 * @param right the newer change: the value shown while the conflict is open
 * @param resolution the value chosen, who chose it and when; null while open
 */
public record RegisterConflict(String id, String entityType, String entityId, String field, ConflictState state,
        ConflictSide left, ConflictSide right, ConflictSide resolution) {

    /** Whether it still waits for a person. */
    public boolean isOpen() {
        return state == ConflictState.OPEN;
    }
}
