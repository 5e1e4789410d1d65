package org.salus.hub.device;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The devices enrolled with this hub and their credentials. A device signs in with its device id as user name and
 * the secret it received once, at enrolment.
 */
@ProviderType
public interface DeviceRegistry {

    /**
     * Checks a device's credentials.
     *
     * @param username the device id
     * @param password the secret issued at enrolment; the registry does not keep or change the array
     * @return the device, without its secret, when the device is enrolled, not revoked and the secret matches;
     *         empty otherwise (the caller cannot tell an unknown device from a wrong secret)
     */
    Optional<DeviceIdentity> authenticate(String username, char[] password);

    /**
     * Enrols a device for a clinic and issues its secret. The secret is returned here and never again: the registry
     * keeps only a salted hash of it. A revoked device may be enrolled again, which issues a new secret.
     *
     * @param deviceId  letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters
     * @param clinicId  letters, digits and '_', at most 64 characters (a '-' ends the clinic part of a client id)
     * @return the device with its new secret
     * @throws DeviceRegistryException with {@link DeviceRegistryException.Reason#INVALID_ID} for an id that breaks
     *         these rules, {@link DeviceRegistryException.Reason#ALREADY_ENROLLED} for a device that is enrolled and
     *         not revoked, {@link DeviceRegistryException.Reason#STORAGE} when the registry cannot be saved
     */
    DeviceIdentity enrol(String deviceId, String clinicId);

    /**
     * Revokes a device: from now on its secret no longer signs it in. Revoking a revoked device changes nothing.
     *
     * @throws DeviceRegistryException with {@link DeviceRegistryException.Reason#UNKNOWN_DEVICE} when the device was
     *         never enrolled, {@link DeviceRegistryException.Reason#STORAGE} when the registry cannot be saved
     */
    void revoke(String deviceId);

    /** @return the enrolled devices that are not revoked, without secrets, ordered by device id */
    List<DeviceIdentity> devices();
}
