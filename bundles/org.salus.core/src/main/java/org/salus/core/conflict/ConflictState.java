package org.salus.core.conflict;

/** Whether a conflict still waits for a person. */
public enum ConflictState {
    /** Both values stand; the field shows the newer one until someone chooses. */
    OPEN,
    /** Someone chose a value; the record keeps both sides and the choice. */
    RESOLVED
}
