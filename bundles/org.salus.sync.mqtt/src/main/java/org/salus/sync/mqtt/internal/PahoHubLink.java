package org.salus.sync.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import java.security.cert.CertificateException;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocketFactory;

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
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.salus.sync.net.NoDelaySockets;
import org.salus.sync.wire.SyncTopics;

/** A Paho MQTT 5 client signed in as the device (user name = device id, password = the secret from enrolment). */
final class PahoHubLink implements HubLink {

    private static final long WAIT_MS = 15_000;

    private final String uri;
    private final String clientId;
    private final String userName;
    private final char[] secret;
    private final SSLSocketFactory tls;
    private final String trustedBy;
    private volatile MqttAsyncClient client;

    /** @param clientId must start with {@code <clinicId>-}: the hub's broker refuses other client ids */
    PahoHubLink(String uri, String clientId, String userName, char[] secret) {
        this(uri, clientId, userName, secret, null, null);
    }

    /**
     * @param tls for {@code ssl://} and {@code wss://}: the sockets that trust the hub's certificate, or null for the
     *        Java runtime's trusted authorities
     * @param trustedBy what {@code tls} trusts, for messages (the trust file), or null
     */
    PahoHubLink(String uri, String clientId, String userName, char[] secret, SSLSocketFactory tls, String trustedBy) {
        this.uri = uri;
        this.clientId = clientId;
        this.userName = userName;
        this.secret = secret.clone();
        this.tls = tls;
        this.trustedBy = trustedBy;
    }

    @Override
    public synchronized void connect(List<String> topics, Inbox inbox) throws Exception {
        disconnect();
        MqttAsyncClient c = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
                inbox.lost(r.getReasonString() != null ? r.getReasonString()
                        : r.getException() != null ? r.getException().getMessage() : "reason " + r.getReturnCode());
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
                inbox.lost(e.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                MqttProperties p = m.getProperties();
                inbox.arrived(topic, m.getPayload(), p == null ? null : p.getCorrelationData());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // the hub's own ack, not the broker's PUBACK, is what moves the outbox
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                // subscriptions are made by connect() itself
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // no enhanced authentication
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        if (uri.startsWith("tcp://")) {
            // a push and a pull leave back to back: without this, Nagle's algorithm holds the second
            o.setSocketFactory(NoDelaySockets.INSTANCE);
        } else if (tls != null && (uri.startsWith("ssl://") || uri.startsWith("wss://"))) {
            o.setSocketFactory(tls);
        }
        // the hub's certificate must name the host this device connects to
        o.setHttpsHostnameVerificationEnabled(true);
        o.setUserName(userName);
        if (secret.length > 0) {
            o.setPassword(new String(secret).getBytes(StandardCharsets.UTF_8));
        }
        try {
            c.connect(o).waitForCompletion(WAIT_MS);
            MqttSubscription[] subs = topics.stream().map(t -> new MqttSubscription(t, 1)).toArray(MqttSubscription[]::new);
            IMqttToken token = c.subscribe(subs);
            token.waitForCompletion(WAIT_MS);
            int[] codes = token.getReasonCodes();
            if (codes != null && Arrays.stream(codes).anyMatch(code -> code >= MqttReturnCode.RETURN_CODE_UNSPECIFIED_ERROR)) {
                throw new IllegalStateException("the broker refused the subscriptions " + topics + " (reason codes " + Arrays.toString(codes)
                        + "): is this device enrolled for this clinic?");
            }
        } catch (Exception e) {
            close(c);
            String refusal = tlsRefusal(e);
            if (refusal != null) {
                throw new TlsRefusedException(refusal, e);
            }
            throw e;
        }
        client = c;
    }

    /** The hub's certificate was not accepted: no connection to a broker this device cannot verify. */
    static final class TlsRefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        TlsRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A sentence for a person when the TLS handshake failed, or null when the failure was something else. */
    private String tlsRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException || t instanceof CertificateException) {
                String trust = trustedBy == null ? "the certificates this Java runtime trusts" : "the trusted certificates in " + trustedBy;
                String msg = String.valueOf(t.getMessage());
                if (msg.contains("subject alternative") || msg.contains("No name matching")) {
                    return "the hub's TLS certificate does not name the host of " + uri + " (" + msg + "): connect by a name the certificate"
                            + " carries, or make the hub a certificate for this name";
                }
                return "the hub's TLS certificate at " + uri + " is not trusted: it is not signed by " + trust + " (" + msg + "); set trustStore to"
                        + " the hub's certificate (PEM) or its authority's";
            }
        }
        return null;
    }

    @Override
    public boolean connected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public void publish(String topic, byte[] payload) throws MqttException {
        send(topic, payload, null, null);
    }

    @Override
    public void request(String topic, byte[] payload, String responseTopic, byte[] correlationData) throws MqttException {
        send(topic, payload, responseTopic, correlationData);
    }

    private void send(String topic, byte[] payload, String responseTopic, byte[] correlation) throws MqttException {
        MqttAsyncClient c = client;
        if (c == null) {
            throw new IllegalStateException("not connected to the hub");
        }
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setPayloadFormat(true);
        p.setContentType("application/json");
        // this device's clock at sending: the hub reports how far it is from its own
        p.setUserProperties(List.of(new UserProperty(SyncTopics.SENT_AT, Long.toString(System.currentTimeMillis()))));
        if (responseTopic != null) {
            p.setResponseTopic(responseTopic);
            p.setCorrelationData(correlation);
        }
        m.setProperties(p);
        c.publish(topic, m);
    }

    @Override
    public synchronized void disconnect() {
        MqttAsyncClient c = client;
        client = null;
        if (c != null) {
            close(c);
        }
    }

    private static void close(MqttAsyncClient c) {
        try {
            if (c.isConnected()) {
                c.disconnect(500).waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            // the connection is gone either way
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            // nothing left to release
        }
    }

    @Override
    public String describe() {
        return uri + " as " + userName;
    }
}
