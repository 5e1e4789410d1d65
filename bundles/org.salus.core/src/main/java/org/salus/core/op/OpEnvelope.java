package org.salus.core.op;

import java.time.Instant;
import java.util.Objects;

/**
 * One operation as it is kept in the op log and moved by sync: the envelope of one change to clinic data.
 * Immutable. {@code serverSeq} is 0 and {@code receivedAt} is null until a hub has accepted the operation.
 *
 * @param opId UUIDv7 text
 * @param clinicId the clinic the data belongs to
 * @param deviceId the device that wrote the operation
 * @param userId the user who did it
 * @param entityType the entity type name, as in the model ({@code StockMovement})
 * @param entityId the id of the entity changed
 * @param opType what was done ({@code stock.dispense})
 * @param deviceSeq the position in the device's chain, gap-free from 1
 * @param hlc the hybrid logical clock reading, fixed-width text
 * @param deviceTime the device's wall clock, millisecond precision
 * @param schemaVersion the version of the payload's schema
 * @param payload canonical JSON
 * @param prevHash the hash of the device's previous operation, or {@link OpHashes#GENESIS}
 * @param hash SHA-256 (hex) over the canonical form, see {@link OpHashes}
 * @param serverSeq the hub's sequence number, 0 before the hub accepted it
 * @param receivedAt when the hub accepted it, or null
 */
public record OpEnvelope(String opId, String clinicId, String deviceId, String userId, String entityType, String entityId,
        String opType, long deviceSeq, String hlc, Instant deviceTime, int schemaVersion, String payload, String prevHash,
        String hash, long serverSeq, Instant receivedAt) {

    public OpEnvelope {
        Objects.requireNonNull(opId, "opId");
        Objects.requireNonNull(clinicId, "clinicId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(opType, "opType");
        Objects.requireNonNull(hlc, "hlc");
        Objects.requireNonNull(deviceTime, "deviceTime");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(prevHash, "prevHash");
        if (deviceSeq < 1) {
            throw new IllegalArgumentException("deviceSeq starts at 1: " + deviceSeq);
        }
    }

    /** This operation with its hash filled in from its content. */
    public OpEnvelope sealed() {
        return withHash(OpHashes.hashOf(this));
    }

    /** This operation with another hash (for sealing, and for tests that forge one). */
    public OpEnvelope withHash(String newHash) {
        return new OpEnvelope(opId, clinicId, deviceId, userId, entityType, entityId, opType, deviceSeq, hlc, deviceTime,
                schemaVersion, payload, prevHash, newHash, serverSeq, receivedAt);
    }

    /** This operation as accepted by a hub. The hash does not change: the hub fields are outside it. */
    public OpEnvelope acceptedByHub(long newServerSeq, Instant newReceivedAt) {
        return new OpEnvelope(opId, clinicId, deviceId, userId, entityType, entityId, opType, deviceSeq, hlc, deviceTime,
                schemaVersion, payload, prevHash, hash, newServerSeq, newReceivedAt);
    }

    /** The hybrid logical clock reading. */
    public Hlc clock() {
        return Hlc.parse(hlc);
    }
}
