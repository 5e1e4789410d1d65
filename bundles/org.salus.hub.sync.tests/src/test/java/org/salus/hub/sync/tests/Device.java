package org.salus.hub.sync.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.salus.core.op.OpEnvelope;
import org.salus.sync.wire.Ack;
import org.salus.sync.wire.Feed;
import org.salus.sync.wire.Page;
import org.salus.sync.wire.PullRequest;
import org.salus.sync.wire.PushBatch;
import org.salus.sync.wire.SyncCodec;
import org.salus.sync.wire.SyncMessage;
import org.salus.sync.wire.SyncTopics;
import org.salus.sync.wire.WireFormatException;

/**
 * A clinic device as the workstation's sync daemon will be: a real Paho MQTT 5 client that pushes its chain, reads
 * its acks, pulls pages by cursor with request/response, and listens to its clinic's feed.
 */
final class Device implements AutoCloseable {

    /** One answer the hub sent to this device. */
    record Received(String topic, byte[] payload, byte[] correlation) {
        SyncMessage decode() {
            try {
                return CODEC.decode(payload);
            } catch (WireFormatException e) {
                throw new AssertionError("the hub sent something wire format v1 does not allow on " + topic + ": " + e.getMessage(), e);
            }
        }
    }

    static final SyncCodec CODEC = new SyncCodec();
    private static final SecureRandom RANDOM = new SecureRandom();

    final String clinicId;
    final String deviceId;
    final Chain chain;
    private final MqttClient client;
    private final BlockingQueue<Received> acks = new LinkedBlockingQueue<>();
    private final BlockingQueue<Received> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<Received> feed = new LinkedBlockingQueue<>();

    Device(String brokerUri, String clinicId, String deviceId, char[] secret) throws MqttException {
        this.clinicId = clinicId;
        this.deviceId = deviceId;
        this.chain = new Chain(clinicId, deviceId);
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(30);
        if (secret != null) {
            o.setUserName(deviceId);
            o.setPassword(new String(secret).getBytes(StandardCharsets.UTF_8));
        }
        client = new MqttClient(brokerUri, clinicId + "-" + deviceId + "-" + Integer.toHexString(RANDOM.nextInt()), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
                System.out.println("device " + deviceId + " disconnected: " + r + (r.getException() == null ? "" : " " + r.getException()));
                if (r.getException() != null) {
                    r.getException().printStackTrace(System.out);
                }
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
                System.out.println("device " + deviceId + " MQTT error: " + e);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        client.connect(o);
        listen(SyncTopics.ack(clinicId, deviceId), acks);
        listen(SyncTopics.pullReply(clinicId, deviceId), replies);
        listen(SyncTopics.feed(clinicId), feed);
    }

    /** Also reads what the hub answers on another device's ack topic of this clinic. */
    void listenToAcksOf(String otherDeviceId) throws MqttException {
        listen(SyncTopics.ack(clinicId, otherDeviceId), acks);
    }

    private void listen(String topic, BlockingQueue<Received> into) throws MqttException {
        client.subscribe(new MqttSubscription[] { new MqttSubscription(topic, 1) }, new IMqttMessageListener[] {
            (t, m) -> into.add(new Received(t, m.getPayload(), m.getProperties() == null ? null : m.getProperties().getCorrelationData())) });
    }

    /** Pushes operations as one new batch and returns the hub's ack of that batch. */
    Ack push(List<OpEnvelope> ops) throws Exception {
        String batchId = UUID.randomUUID().toString();
        publish(SyncTopics.push(clinicId, deviceId), CODEC.encode(new PushBatch(batchId, clinicId, deviceId, ops)));
        return awaitAck(a -> batchId.equals(a.batchId()));
    }

    /** Publishes anything (QoS 1) on this device's push topic, or another topic of its clinic. */
    /**
     * Publishes at QoS 1 and returns the broker's PUBACK reason code (0 = accepted; 0x87 = not authorised), whether
     * Paho reports it in the token or as an exception.
     */
    int publishForReason(String topic, byte[] payload) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        try {
            IMqttToken token = client.getTopic(topic).publish(m);
            token.waitForCompletion(SyncHub.WAIT_MS);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        client.publish(topic, m);
    }

    /** The next ack that matches, skipping others (acks of earlier batches). */
    Ack awaitAck(Predicate<Ack> which) throws InterruptedException {
        while (true) {
            Received r = acks.poll(SyncHub.WAIT_MS, TimeUnit.MILLISECONDS);
            assertNotNull(r, "device " + deviceId + " received no ack within " + SyncHub.WAIT_MS + " ms");
            Ack a = (Ack) r.decode();
            if (which.test(a)) {
                return a;
            }
        }
    }

    /** Pulls one page after a cursor; fails the test if the hub refuses. */
    Page pull(long cursor, int limit) throws Exception {
        SyncMessage answer = request(CODEC.encode(new PullRequest(cursor, limit)), SyncTopics.pullReply(clinicId, deviceId), SyncHub.WAIT_MS);
        assertNotNull(answer, "device " + deviceId + " got no page within " + SyncHub.WAIT_MS + " ms");
        if (!(answer instanceof Page p)) {
            throw new AssertionError("the hub refused a pull of device " + deviceId + ": " + answer);
        }
        return p;
    }

    /** Every operation of the clinic, page by page from cursor 0. */
    List<OpEnvelope> pullAll(int limit) throws Exception {
        List<OpEnvelope> all = new ArrayList<>();
        long cursor = 0;
        while (true) {
            Page p = pull(cursor, limit);
            all.addAll(p.ops());
            cursor = p.cursor();
            if (!p.more()) {
                return all;
            }
        }
    }

    /**
     * Sends a request on this device's pull topic with a response topic and fresh correlation data.
     *
     * @return the answer with that correlation, or null when none came within {@code waitMillis}
     */
    SyncMessage request(byte[] payload, String responseTopic, long waitMillis) throws Exception {
        byte[] correlation = new byte[16];
        RANDOM.nextBytes(correlation);
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(responseTopic);
        p.setCorrelationData(correlation);
        m.setProperties(p);
        client.publish(SyncTopics.pull(clinicId, deviceId), m);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            Received r = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (r == null) {
                return null;
            }
            if (Arrays.equals(correlation, r.correlation())) {
                return r.decode();
            }
        }
    }

    /** The next feed message of the clinic. */
    Feed nextFeed() throws InterruptedException {
        Received r = feed.poll(SyncHub.WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(r, "device " + deviceId + " received no feed within " + SyncHub.WAIT_MS + " ms");
        return (Feed) r.decode();
    }

    /** Feed messages received so far and not yet taken. */
    int feedWaiting() {
        return feed.size();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close(true);
        } catch (MqttException e) {
            // the broker may already have dropped the client; nothing to clean up then
        }
    }
}
