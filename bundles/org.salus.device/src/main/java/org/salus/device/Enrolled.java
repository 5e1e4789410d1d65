package org.salus.device;

import java.util.List;
import java.util.Objects;

/**
 * This workstation as its hub knows it.
 *
 * @param clinicId the clinic it joined
 * @param deviceId its device id at the hub
 * @param hubUrls the brokers its sync engine connects to, in order
 */
public record Enrolled(String clinicId, String deviceId, List<String> hubUrls) {

    public Enrolled {
        Objects.requireNonNull(clinicId, "clinicId");
        Objects.requireNonNull(deviceId, "deviceId");
        hubUrls = List.copyOf(hubUrls);
    }
}
