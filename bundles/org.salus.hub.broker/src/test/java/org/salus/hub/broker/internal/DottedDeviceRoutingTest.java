package org.salus.hub.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.hub.device.DeviceRegistry;
import org.salus.hub.mqtt.BrokerAccess;

/** A device id with a dot reaches the hub's shared wildcard filters (Artemis, outside a framework). */
class DottedDeviceRoutingTest {

    /**
     * The form of the hub's filter ({@code SyncTopics.sharedFilter}): Artemis turns a '.' inside a topic level into
     * an escaped word boundary, which a last '+' does not match and a last '#' does.
     */
    private static final String FILTER = "$share/hub/salus/v1/+/push/#";

    @TempDir
    Path dir;

    @Test
    void theHubsSharedFilterReceivesThePushesOfADeviceWhoseIdHasADot() throws Exception {
        DeviceRegistry registry = new ClinicSecurityManagerTest.CountingRegistry(Map.of("ward3.pc1", "s", "ward3-pc2", "s"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ServiceIdentity identity = ServiceIdentity.generate();
        EmbeddedArtemis broker = EmbeddedArtemis.start(new EmbeddedArtemis.Settings("127.0.0.1", port, dir.resolve("broker"), 1 << 20,
                "load/org.salus.hub.broker.cfg", Duration.ofSeconds(1)), new ClinicSecurityManager(() -> registry, identity));
        String uri = "tcp://127.0.0.1:" + port;
        BrokerAccess access = identity.access(uri, () -> 0);
        MqttClient hub = new MqttClient(uri, "hub.sync-test", new MemoryPersistence());
        MqttClient dotted = new MqttClient(uri, "A-ward3.pc1", new MemoryPersistence());
        MqttClient plain = new MqttClient(uri, "A-ward3-pc2", new MemoryPersistence());
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(access.userName());
            o.setPassword(new String(access.password()).getBytes(StandardCharsets.UTF_8));
            hub.connect(o);
            BlockingQueue<String> atHub = new LinkedBlockingQueue<>();
            // as the hub's sync does: one callback for every message (Paho matches no listener to a $share filter)
            hub.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    atHub.add(topic + "|" + new String(m.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void disconnected(MqttDisconnectResponse r) {
                }

                @Override
                public void mqttErrorOccurred(MqttException e) {
                }

                @Override
                public void deliveryComplete(IMqttToken t) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverUri) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties p) {
                }
            });
            hub.subscribe(new MqttSubscription[] { new MqttSubscription(FILTER, 1) });
            for (MqttClient device : List.of(dotted, plain)) {
                MqttConnectionOptions d = new MqttConnectionOptions();
                d.setUserName(device.getClientId().substring(2));
                d.setPassword("s".getBytes(StandardCharsets.UTF_8));
                device.connect(d);
                MqttMessage m = new MqttMessage(("from " + d.getUserName()).getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                device.publish("salus/v1/A/push/" + d.getUserName(), m);
            }
            assertEquals("salus/v1/A/push/ward3.pc1|from ward3.pc1", atHub.poll(10, TimeUnit.SECONDS));
            assertEquals("salus/v1/A/push/ward3-pc2|from ward3-pc2", atHub.poll(10, TimeUnit.SECONDS));
        } finally {
            for (MqttClient c : List.of(hub, dotted, plain)) {
                if (c.isConnected()) {
                    c.disconnect();
                }
                c.close();
            }
            broker.stop();
        }
    }
}
