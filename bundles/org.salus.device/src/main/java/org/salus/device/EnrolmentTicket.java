package org.salus.device;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An enrolment request waiting at the hub, and what collects its answer.
 *
 * @param requestId the hub's id of the request (the hub's administrator sees it in {@code salus-hub-admin pending})
 * @param hub the hub's HTTP address
 * @param brokerUrls where the sync engine will connect once enrolled
 * @param deviceId the device id asked for
 * @param key the key that collects the credentials; a secret
 */
public record EnrolmentTicket(String requestId, URI hub, List<String> brokerUrls, String deviceId, char[] key) {

    public EnrolmentTicket {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(deviceId, "deviceId");
        brokerUrls = List.copyOf(brokerUrls);
        key = key.clone();
    }

    @Override
    public char[] key() {
        return key.clone();
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "EnrolmentTicket[" + requestId + " at " + hub + " for device " + deviceId + "]";
    }
}
