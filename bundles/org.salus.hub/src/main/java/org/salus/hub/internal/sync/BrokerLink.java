package org.salus.hub.internal.sync;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.salus.sync.net.NoDelaySockets;

/**
 * The sync service's MQTT 5 connection: connects (and keeps trying until it does), subscribes to the shared filters
 * again after every connect (a clean session keeps none: the hub log, not the broker, is what must survive), hands
 * each message to the inbox, and publishes answers at QoS 1.
 */
final class BrokerLink implements MqttCallback {

    private static final System.Logger LOG = System.getLogger(BrokerLink.class.getName());
    /** Paho: more QoS 1 messages in flight than the broker's receive maximum. */
    private static final int TOO_MANY_IN_FLIGHT = 32202;
    private static final long PUBLISH_ROOM_WAIT_MS = 30_000;

    /** Where and as whom to connect; {@code description} names it in log lines (never the password). */
    record Target(String uri, String clientId, String userName, char[] password, String description) {
    }

    /** Takes each arriving message; may wait (back-pressure), never throws for a bad message. */
    @FunctionalInterface
    interface Inbox {
        void arrived(String topic, MqttMessage message) throws InterruptedException;
    }

    private final Target target;
    private final List<String> filters;
    private final Inbox inbox;
    private final ScheduledExecutorService connector;
    private final CountDownLatch subscribed = new CountDownLatch(1);
    /** Guards {@link #deliveries}, the count of messages the broker has acknowledged; publishers wait on it for room. */
    private final Object room = new Object();
    private long deliveries;
    private final MqttAsyncClient client;
    private volatile boolean stopping;
    private volatile boolean reportedDown;

    BrokerLink(Target target, List<String> filters, Inbox inbox) throws MqttException {
        this.target = target;
        this.filters = List.copyOf(filters);
        this.inbox = inbox;
        this.client = new MqttAsyncClient(target.uri(), target.clientId(), new MemoryPersistence());
        this.client.setCallback(this);
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "salus-hub-sync-connect");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        connector.execute(() -> connect(1));
    }

    /** Waits until the first subscription is in place. */
    boolean awaitSubscribed(long millis) throws InterruptedException {
        return subscribed.await(millis, TimeUnit.MILLISECONDS);
    }

    private void connect(int attempt) {
        if (stopping) {
            return;
        }
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 30);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        if (target.uri().startsWith("tcp://")) {
            // an ack and a feed go out back to back: without this, Nagle's algorithm holds the second for the first's TCP ack
            o.setSocketFactory(NoDelaySockets.INSTANCE);
        }
        if (target.userName() != null && !target.userName().isEmpty()) {
            o.setUserName(target.userName());
        }
        if (target.password() != null && target.password().length > 0) {
            byte[] pw = new String(target.password()).getBytes(StandardCharsets.UTF_8);
            o.setPassword(pw);
        }
        try {
            client.connect(o).waitForCompletion(20_000);
        } catch (MqttException e) {
            long delay = Math.min(30, 1L << Math.min(attempt - 1, 5));
            if (!reportedDown) {
                reportedDown = true;
                System.out.println("Salus hub sync cannot reach " + target.description() + ": " + e.getMessage() + " (reason " + e.getReasonCode()
                        + "); trying again every " + delay + " s or so");
            }
            if (!stopping) {
                connector.schedule(() -> connect(attempt + 1), delay, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        reportedDown = false;
        // not on Paho's callback thread: waiting there for the SUBACK would hold up the messages that follow it
        connector.execute(this::subscribe);
    }

    private void subscribe() {
        if (stopping) {
            return;
        }
        MqttSubscription[] subs = filters.stream().map(f -> new MqttSubscription(f, 1)).toArray(MqttSubscription[]::new);
        try {
            IMqttToken token = client.subscribe(subs);
            token.waitForCompletion(20_000);
            int[] codes = token.getReasonCodes();
            if (codes != null && Arrays.stream(codes).anyMatch(c -> c >= MqttReturnCode.RETURN_CODE_UNSPECIFIED_ERROR)) {
                System.out.println("Salus hub sync: " + target.description() + " refused the subscriptions " + filters + " (reason codes "
                        + Arrays.toString(codes) + "): the hub's identity there must be allowed every clinic's topics");
                return;
            }
            System.out.println("Salus hub sync serving " + String.join(" and ", filters) + " at " + target.description());
            subscribed.countDown();
        } catch (MqttException e) {
            if (!stopping) {
                System.out.println("Salus hub sync could not subscribe at " + target.description() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        try {
            inbox.arrived(topic, message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Publishes at QoS 1; while the in-flight window is full, waits for the broker to acknowledge a message (up to a
     * bound). Logs and drops when disconnected.
     */
    void publish(Outgoing out) {
        MqttMessage m = new MqttMessage(out.payload());
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setPayloadFormat(true);
        p.setContentType("application/json");
        if (out.correlationData() != null) {
            p.setCorrelationData(out.correlationData());
        }
        m.setProperties(p);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PUBLISH_ROOM_WAIT_MS);
        while (true) {
            long seen;
            synchronized (room) {
                seen = deliveries;
            }
            try {
                client.publish(out.topic(), m);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() == TOO_MANY_IN_FLIGHT && !stopping && awaitRoom(seen, deadline)) {
                    continue;
                }
                // the device gets no answer and asks again: its operations stay in its own log until acked
                LOG.log(System.Logger.Level.WARNING, "could not publish to " + out.topic() + ": " + e.getMessage());
                return;
            }
        }
    }

    /**
     * Waits until the broker has acknowledged another message since {@code seen} (a place in the in-flight window has
     * come free), or the deadline has passed. @return whether there is room to try again
     */
    private boolean awaitRoom(long seen, long deadline) {
        synchronized (room) {
            while (deliveries == seen) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || stopping) {
                    return false;
                }
                try {
                    room.wait(left);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        if (!stopping) {
            System.out.println("Salus hub sync lost " + target.description() + " (" + response.getReasonString() + ", reason "
                    + response.getReturnCode() + "); reconnecting");
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.log(System.Logger.Level.WARNING, "MQTT error at " + target.description() + ": " + exception.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // a QoS 1 answer the broker has: a place in the in-flight window is free for a waiting publish
        synchronized (room) {
            deliveries++;
            room.notifyAll();
        }
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }

    void stop() {
        stopping = true;
        synchronized (room) {
            room.notifyAll();
        }
        connector.shutdownNow();
        try {
            if (client.isConnected()) {
                // unsubscribed first, so the broker has removed the shared subscriptions before it may itself stop
                client.unsubscribe(filters.toArray(String[]::new)).waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            // disconnecting removes them as well
        }
        try {
            if (client.isConnected()) {
                client.disconnect(1_000).waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            // the connection is gone either way
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to release
        }
    }
}
