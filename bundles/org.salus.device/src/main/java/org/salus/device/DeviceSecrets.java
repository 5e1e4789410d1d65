package org.salus.device;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the device secret the hub issued at enrolment is kept, apart from the configuration files (ConfigAdmin keeps
 * its files in clear). The highest-ranked service is used: Eclipse secure storage on the workstation, a file only its
 * owner can read elsewhere.
 */
@ConsumerType
public interface DeviceSecrets {

    /** Keeps a device's secret, replacing any before. @throws IllegalStateException when it cannot be kept */
    void keep(String deviceId, char[] secret);

    /** The device's secret, if one is kept. @throws IllegalStateException when the store cannot be read */
    Optional<char[]> secret(String deviceId);

    /** Where the secrets are, for messages. */
    String describe();
}
