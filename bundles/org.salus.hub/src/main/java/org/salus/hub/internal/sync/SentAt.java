package org.salus.hub.internal.sync;

import java.time.Instant;

import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.salus.sync.wire.SyncTopics;

/** Reads the device's time of sending ({@link SyncTopics#SENT_AT}) from a message's properties. */
final class SentAt {

    private SentAt() {
    }

    /** @return the time the device says it sent the message, or null when it did not say, or said nonsense */
    static Instant of(MqttProperties properties) {
        if (properties == null || properties.getUserProperties() == null) {
            return null;
        }
        for (UserProperty p : properties.getUserProperties()) {
            if (SyncTopics.SENT_AT.equals(p.getKey())) {
                try {
                    long millis = Long.parseLong(p.getValue().trim());
                    return millis > 0 ? Instant.ofEpochMilli(millis) : null;
                } catch (NumberFormatException | NullPointerException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
