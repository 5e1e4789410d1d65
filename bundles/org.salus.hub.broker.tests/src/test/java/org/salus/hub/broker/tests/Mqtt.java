package org.salus.hub.broker.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.salus.hub.device.DeviceIdentity;
import org.salus.hub.mqtt.BrokerAccess;

/** Paho clients and loopback ports for the tests. */
final class Mqtt {

    /** CONNACK 0x86: bad user name or password. */
    static final int BAD_CREDENTIALS = 0x86;
    /** SUBACK and PUBACK 0x87: not authorised. */
    static final int NOT_AUTHORISED = 0x87;

    private Mqtt() {
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String uri(int port) {
        return "tcp://127.0.0.1:" + port;
    }

    static MqttConnectionOptions options(String user, char[] secret) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(30);
        if (user != null) {
            o.setUserName(user);
        }
        if (secret != null) {
            o.setPassword(new String(secret).getBytes(StandardCharsets.UTF_8));
        }
        return o;
    }

    static MqttClient connect(int port, String clientId, DeviceIdentity device) throws MqttException {
        return connect(port, clientId, options(device.deviceId(), device.secret()));
    }

    static MqttClient connect(int port, String clientId, MqttConnectionOptions options) throws MqttException {
        MqttClient c = new MqttClient(uri(port), clientId, new MemoryPersistence());
        try {
            c.connect(options);
        } catch (MqttException e) {
            c.close(true);
            throw e;
        }
        return c;
    }

    /** A client signed in as the hub's own services, which may use every clinic's topics. */
    static MqttClient hubService(BrokerAccess access, String name) throws MqttException {
        MqttClient c = new MqttClient(access.serverUri(), access.clientIdPrefix() + name, new MemoryPersistence());
        MqttConnectionOptions o = options(access.userName(), access.password());
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close(true);
            throw e;
        }
        return c;
    }

    /** @return 0 when the broker accepted the connection, else the CONNACK reason code */
    static int connectReason(int port, String clientId, String user, char[] secret) {
        try {
            close(connect(port, clientId, options(user, secret)));
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    static MqttMessage message(String text, int qos) {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(qos);
        return m;
    }

    static void close(MqttClient... clients) {
        for (MqttClient c : clients) {
            if (c == null) {
                continue;
            }
            try {
                if (c.isConnected()) {
                    c.disconnect();
                }
                c.close(true);
            } catch (MqttException e) {
                // the broker may already have dropped the client; nothing to clean up then
            }
        }
    }
}
