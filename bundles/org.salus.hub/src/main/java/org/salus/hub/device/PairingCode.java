package org.salus.hub.device;

import java.time.Instant;
import java.util.Objects;

/**
 * A one-time code an administrator reads off the hub and types into a new workstation, which then asks to join the
 * hub's clinic with it.
 *
 * @param code eight characters in two groups ({@code K7QM-3XWD}): letters and digits that cannot be mistaken for each
 *        other (no I, L, O, U, 0 or 1); case and the dash do not matter when it is typed
 * @param clinicId the clinic a device that uses the code asks to join
 * @param expiresAt after this the code is refused
 */
public record PairingCode(String code, String clinicId, Instant expiresAt) {

    public PairingCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(clinicId, "clinicId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
