package org.salus.hub.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

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
