package org.salus.hub.mqtt;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The embedded broker as the hub's own services reach it, offered while the broker listens. The credential is made
 * anew at each start of the broker and is never written anywhere; only a connection with it, and with a client id
 * that starts with {@link #clientIdPrefix()}, may use the topics of every clinic. No device can take such a client
 * id: a device's client id starts with its clinic id and '-', and clinic ids have no '.'.
 */
@ProviderType
public interface BrokerAccess {

    /** Where to connect, such as {@code tcp://127.0.0.1:1883}. */
    String serverUri();

    /** The service identity's MQTT user name. */
    String userName();

    /** A copy of the service identity's MQTT password; the caller may clear it after use. */
    char[] password();

    /** What the client id of a service connection starts with ({@code hub.}). */
    String clientIdPrefix();

    /** @return how many devices are connected now (the hub's own service connections not counted), or -1 when unknown */
    default int connectedDevices() {
        return -1;
    }
}
