package org.salus.core.internal.access;

import java.util.Map;

import org.salus.core.access.AccessDecision;
import org.salus.core.command.Actor;
import org.salus.core.command.InvalidInputException;
import org.salus.core.internal.store.StoreAccess;
import org.salus.core.store.StoreWork;

/**
 * Reads that answer only when the {@link AccessGate} allows them: the check and the read share one read transaction;
 * a refusal is recorded after it and thrown, and the read's result is never handed out.
 */
public final class CheckedReads {

    private final StoreAccess store;
    private final AccessGate gate;

    public CheckedReads(StoreAccess store, AccessGate gate) {
        if (gate == null) {
            throw new IllegalArgumentException("reads of clinic data need the core's access gate (the command service)");
        }
        this.store = store;
        this.gate = gate;
    }

    /**
     * Runs {@code work} in one read transaction after the check.
     *
     * @param permission the permission the read needs, or null when a usable session is enough
     * @param read what is read, for the refusal record ({@code AuditLog.find})
     * @param asked the read's arguments by name, for the refusal record
     * @throws org.salus.core.access.PermissionDeniedException the user's roles do not grant {@code permission}
     * @throws org.salus.core.access.SessionRefusedException the actor's session may not act
     * @throws org.salus.core.access.AccessControlUnavailableException no access control is running
     */
    public <T> T read(Actor actor, String permission, String read, Map<String, ?> asked, StoreWork<T> work) {
        if (actor == null) {
            throw new InvalidInputException("actor", "every read of clinic data names the session of a logged-in user");
        }
        Checked<T> checked = store.call(s -> s.read(tx -> {
            AccessDecision d = gate.decide(actor, permission, tx);
            return d.allowed() ? new Checked<>(work.run(tx), null) : new Checked<T>(null, d);
        }));
        if (checked.refusal() != null) {
            throw gate.refusal(checked.refusal(), permission, read, asked);
        }
        return checked.value();
    }

    private record Checked<T>(T value, AccessDecision refusal) {
    }
}
