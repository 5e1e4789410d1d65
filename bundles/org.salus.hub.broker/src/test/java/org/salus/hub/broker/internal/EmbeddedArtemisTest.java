package org.salus.hub.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.hub.broker.internal.BrokerStartException.Problem;

/** Artemis itself, outside a framework: the failures an operator can cause, each reported as what to change. */
class EmbeddedArtemisTest {

    private static final String CFG = "load/org.salus.hub.broker.cfg";

    @TempDir
    Path dir;

    private static EmbeddedArtemis.Settings settings(int port, Path data) {
        return new EmbeddedArtemis.Settings("127.0.0.1", port, data, 1 << 20, CFG, Duration.ofSeconds(1));
    }

    private static ClinicSecurityManager nobody() {
        return new ClinicSecurityManager(ClinicSecurityManagerTest.CountingRegistry::new);
    }

    @Test
    void twoBrokersCannotShareADataFolder() throws Exception {
        int first = freePort();
        EmbeddedArtemis running = EmbeddedArtemis.start(settings(first, dir.resolve("broker")), nobody());
        try {
            assertTrue(listening(first));
            int second = freePort();
            BrokerStartException e = assertThrows(BrokerStartException.class,
                    () -> EmbeddedArtemis.start(settings(second, dir.resolve("broker")), nobody()));
            assertEquals(Problem.DATA_FOLDER_IN_USE, e.problem(), e.getMessage());
            assertTrue(e.getMessage().contains(dir.resolve("broker").toString()) && e.getMessage().contains("set dataDir=<another folder> in " + CFG),
                    e.getMessage());
            assertFalse(listening(second), "the second broker does not listen");
            assertTrue(listening(first), "the first broker keeps running");
        } finally {
            running.stop();
        }
        assertFalse(listening(first));
    }

    @Test
    void aLargestMessageTooSmallForMqttIsRefusedBeforeAnythingStarts() throws Exception {
        int port = freePort();
        EmbeddedArtemis.Settings tiny = new EmbeddedArtemis.Settings("127.0.0.1", port, dir.resolve("b"), 100, CFG, Duration.ofSeconds(1));
        BrokerStartException e = assertThrows(BrokerStartException.class, () -> EmbeddedArtemis.start(tiny, nobody()));
        assertEquals(Problem.INVALID_SETTING, e.problem());
        assertEquals("Salus hub broker cannot start: maxMessageBytes=100 is too small for an MQTT message. "
                + "Set maxMessageBytes=<bytes, at least 1024> in load/org.salus.hub.broker.cfg.", e.getMessage());
        assertFalse(listening(port));
    }

    @Test
    void devicesConnectOverTlsWithTheHubsCertificate() throws Exception {
        Path keyStore = dir.resolve("hub.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "hub",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "hub-secret").redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        int plain = freePort();
        int tlsPort = freePort();
        EmbeddedArtemis.Settings s = new EmbeddedArtemis.Settings("127.0.0.1", plain, dir.resolve("broker"), 1 << 20, CFG, Duration.ofSeconds(1),
                new EmbeddedArtemis.Tls("127.0.0.1", tlsPort, keyStore, "hub-secret"));
        EmbeddedArtemis broker = EmbeddedArtemis.start(s, nobody());
        try {
            // the device trusts the hub's certificate (exported from the key store, as an operator hands it out)
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                ks.load(in, "hub-secret".toCharArray());
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("hub", ks.getCertificate("hub"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName("dev-a1");
            o.setPassword("s-a1".getBytes(StandardCharsets.UTF_8));
            o.setSocketFactory(ssl.getSocketFactory());
            MqttClient device = new MqttClient("ssl://127.0.0.1:" + tlsPort, "A-dev-a1", new MemoryPersistence());
            device.connect(o);
            assertTrue(device.isConnected());
            device.disconnect();
            device.close();

            // without the hub's certificate, the handshake fails: no connection to a broker it cannot verify
            MqttConnectionOptions untrusting = new MqttConnectionOptions();
            untrusting.setUserName("dev-a1");
            untrusting.setPassword("s-a1".getBytes(StandardCharsets.UTF_8));
            untrusting.setSocketFactory(SSLContext.getDefault().getSocketFactory());
            MqttClient stranger = new MqttClient("ssl://127.0.0.1:" + tlsPort, "A-dev-a1", new MemoryPersistence());
            assertThrows(MqttException.class, () -> stranger.connect(untrusting));
            stranger.close();
        } finally {
            broker.stop();
        }
    }

    @Test
    void aMessageLargerThanAJournalFileWaitsForAPersistentSessionAndArrivesWhole() throws Exception {
        int port = freePort();
        EmbeddedArtemis.Settings s = new EmbeddedArtemis.Settings("127.0.0.1", port, dir.resolve("broker"), 4 << 20, CFG, Duration.ofSeconds(1));
        EmbeddedArtemis broker = EmbeddedArtemis.start(s, nobody());
        try {
            MqttConnectionOptions keep = new MqttConnectionOptions();
            keep.setUserName("dev-a1");
            keep.setPassword("s-a1".getBytes(StandardCharsets.UTF_8));
            keep.setCleanStart(false);
            keep.setSessionExpiryInterval(3600L);
            MqttClient device = new MqttClient("tcp://127.0.0.1:" + port, "A-dev-a1", new MemoryPersistence());
            device.connect(keep);
            device.subscribe("salus/v1/A/echo/dev-a1", 1);
            device.disconnect();

            byte[] big = new byte[3 * 1024 * 1024];
            new java.util.Random(7).nextBytes(big);
            assertTrue(big.length > EmbeddedArtemis.JOURNAL_FILE_BYTES);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName("dev-a1");
            o.setPassword("s-a1".getBytes(StandardCharsets.UTF_8));
            MqttClient sender = new MqttClient("tcp://127.0.0.1:" + port, "A-dev-a1-sender", new MemoryPersistence());
            sender.connect(o);
            MqttMessage m = new MqttMessage(big);
            m.setQos(1);
            sender.publish("salus/v1/A/echo/dev-a1", m);
            sender.disconnect();
            sender.close();

            java.util.concurrent.BlockingQueue<byte[]> got = new java.util.concurrent.LinkedBlockingQueue<>();
            device.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    got.add(message.getPayload());
                }

                @Override
                public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
                }

                @Override
                public void mqttErrorOccurred(MqttException e) {
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken t) {
                }

                @Override
                public void connectComplete(boolean reconnect, String uri) {
                }

                @Override
                public void authPacketArrived(int code, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {
                }
            });
            device.connect(keep);
            byte[] received = got.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(received != null, "the queued message arrived");
            assertTrue(java.util.Arrays.equals(big, received), "whole and unchanged");
            device.disconnect();
            device.close();
        } finally {
            broker.stop();
        }
    }

    @Test
    void aKeyStoreThatCannotBeReadIsNamedBeforeAnythingListens() throws Exception {
        int plain = freePort();
        Path missing = dir.resolve("no-such.p12");
        EmbeddedArtemis.Settings s = new EmbeddedArtemis.Settings("127.0.0.1", plain, dir.resolve("broker"), 1 << 20, CFG, Duration.ofSeconds(1),
                new EmbeddedArtemis.Tls("127.0.0.1", freePort(), missing, "x"));
        BrokerStartException e = assertThrows(BrokerStartException.class, () -> EmbeddedArtemis.start(s, nobody()));
        assertEquals(Problem.INVALID_SETTING, e.problem());
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("tlsKeyStore"), e.getMessage());
        assertFalse(listening(plain));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
