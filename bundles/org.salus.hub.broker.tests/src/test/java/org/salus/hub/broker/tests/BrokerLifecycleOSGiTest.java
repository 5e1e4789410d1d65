package org.salus.hub.broker.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

/** The broker's life in the hub: a new port through ConfigAdmin, a port that is taken, a restart with queued messages. */
class BrokerLifecycleOSGiTest {

    private static final long WAIT_S = 30;
    private static HubUnderTest hub;

    @BeforeAll
    static void startHub() throws Exception {
        hub = HubUnderTest.get();
    }

    @Test
    void aNewPortThroughConfigAdminRestartsTheBrokerThereAndClosesTheOldOne() throws Exception {
        int before = hub.port();
        int after = Mqtt.freePort();
        hub.moveBroker(after, 2048);

        assertTrue(Mqtt.listening(after));
        assertFalse(Mqtt.listening(before), "the old port is closed");
        MqttClient c = Mqtt.connect(after, "A-moved", hub.a1);
        assertTrue(c.isConnected());
        Mqtt.close(c);

        // the same change set the largest message: a bigger one never reaches the subscriber
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        // a device's own loop topic: what it publishes there comes back to itself
        MqttClient sub = Mqtt.connect(after, "A-size-sub", hub.a2);
        MqttClient big = Mqtt.connect(after, "A-size-big", hub.a2);
        MqttClient small = Mqtt.connect(after, "A-size-small", hub.a2);
        try {
            sub.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/A/echo/dev-a2", 1) },
                    new IMqttMessageListener[] { (t, m) -> got.add(m.getPayload().length + " bytes") });
            MqttMessage tooBig = new MqttMessage(new byte[4096]);
            tooBig.setQos(1);
            assertThrows(MqttException.class, () -> big.publish("salus/v1/A/echo/dev-a2", tooBig), "4 KB over a 2 KB limit");
            MqttMessage fits = new MqttMessage(new byte[512]);
            fits.setQos(1);
            small.publish("salus/v1/A/echo/dev-a2", fits);
            assertEquals("512 bytes", got.poll(WAIT_S, TimeUnit.SECONDS), "only the message within the limit arrives");
        } finally {
            Mqtt.close(sub, big, small);
        }
        hub.moveBroker(Mqtt.freePort(), 4 * 1024 * 1024);
    }

    @Test
    void aTakenPortFailsActivationWithOneLineThatSaysWhatToChange() throws Exception {
        int before = hub.port();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int taken;
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            taken = other.getLocalPort();
            System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
            try {
                hub.update(HubUnderTest.BROKER, hub.brokerProps(taken, 4 * 1024 * 1024));
                HubUnderTest.await("the broker fails to activate", () -> hub.brokerState() == ComponentConfigurationDTO.FAILED_ACTIVATION);
            } finally {
                System.setErr(err);
            }
            String expected = "Salus hub broker cannot listen on 127.0.0.1:" + taken + ": the port is in use by another program. "
                    + "Set port=<free port> in the configuration org.salus.hub.broker (or stop the other broker).";
            List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("Salus hub broker")).toList();
            assertEquals(List.of(expected), lines, "one line for the operator");
            ComponentConfigurationDTO failed = hub.brokerConfiguration();
            assertNotNull(failed.failure);
            assertTrue(failed.failure.contains(expected), failed.failure);
            assertFalse(Mqtt.listening(before), "the broker left its old port");
        }
        assertFalse(Mqtt.listening(taken), "with the other program gone, nothing listens there: the broker never bound it");

        // the operator follows the advice
        hub.moveBroker(Mqtt.freePort(), 4 * 1024 * 1024);
        assertEquals(ComponentConfigurationDTO.ACTIVE, hub.brokerState());
    }

    @Test
    void queuedQos1MessagesSurviveABrokerRestart() throws Exception {
        MqttConnectionOptions persistent = Mqtt.options("dev-a1", hub.a1.secret());
        persistent.setCleanStart(false);
        persistent.setSessionExpiryInterval(3600L);
        MqttClient away = Mqtt.connect(hub.port(), "A-offline", persistent);
        away.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/A/echo/dev-a1", 1) }, new IMqttMessageListener[] { (t, m) -> { } });
        Mqtt.close(away);

        int count = 20;
        MqttClient pub = Mqtt.connect(hub.port(), "A-queuer", hub.a1);
        for (int i = 0; i < count; i++) {
            pub.publish("salus/v1/A/echo/dev-a1", Mqtt.message("op " + i, 1));
        }
        Mqtt.close(pub);

        hub.restartBroker();

        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        MqttClient back = new MqttClient(Mqtt.uri(hub.port()), "A-offline", new MemoryPersistence());
        back.setCallback(new Collecting(got));
        try {
            IMqttToken connected = back.connectWithResult(persistent);
            assertTrue(connected.getSessionPresent(), "the broker kept the session");
            Set<String> ops = new HashSet<>();
            List<String> order = new ArrayList<>();
            while (ops.size() < count) {
                String m = got.poll(WAIT_S, TimeUnit.SECONDS);
                assertNotNull(m, "received " + ops.size() + " of " + count + " queued messages: " + order);
                ops.add(m);
                order.add(m);
            }
            for (int i = 0; i < count; i++) {
                assertTrue(ops.contains("op " + i), "op " + i);
            }
        } finally {
            Mqtt.close(back);
        }
    }

    /** Collects messages that arrive for a session resumed without subscribing again. */
    private record Collecting(BlockingQueue<String> into) implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            into.add(new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void disconnected(MqttDisconnectResponse r) {
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String uri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    /** Writes to the real stream and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final PrintStream out;
        private final ByteArrayOutputStream copy;

        Tee(PrintStream out, ByteArrayOutputStream copy) {
            this.out = out;
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) {
            out.write(b);
            copy.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            out.write(b, off, len);
            copy.write(b, off, len);
        }

        @Override
        public void flush() {
            out.flush();
        }
    }
}
