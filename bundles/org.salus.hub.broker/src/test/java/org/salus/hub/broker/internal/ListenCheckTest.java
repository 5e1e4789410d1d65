package org.salus.hub.broker.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.salus.hub.broker.internal.BrokerStartException.Problem;

class ListenCheckTest {

    private static final String CFG = "load/org.salus.hub.broker.cfg";

    @Test
    void aTakenPortIsNamedWithWhatToChange() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = other.getLocalPort();
            BrokerStartException e = assertThrows(BrokerStartException.class, () -> ListenCheck.requireFree("127.0.0.1", port, CFG));
            assertEquals(Problem.PORT_IN_USE, e.problem());
            assertEquals("Salus hub broker cannot listen on 127.0.0.1:" + port + ": the port is in use by another program. "
                    + "Set port=<free port> in load/org.salus.hub.broker.cfg (or stop the other broker).", e.getMessage());
            // every interface includes the one the other program holds
            assertEquals(Problem.PORT_IN_USE, assertThrows(BrokerStartException.class, () -> ListenCheck.requireFree("0.0.0.0", port, CFG)).problem());
            assertEquals(0, e.getStackTrace().length, "an operator's problem, not a program error: no stack trace");
        }
    }

    @Test
    void aFreePortPassesAndStaysFree() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int free = port;
        assertDoesNotThrow(() -> ListenCheck.requireFree("127.0.0.1", free, CFG));
        try (ServerSocket again = new ServerSocket(free, 50, InetAddress.getLoopbackAddress())) {
            assertEquals(free, again.getLocalPort(), "the check released the port");
        }
    }

    @Test
    void impossibleAddressesAndPortsSayWhatIsWrong() {
        assertEquals(Problem.INVALID_SETTING, assertThrows(BrokerStartException.class, () -> ListenCheck.requireFree("127.0.0.1", 70000, CFG)).problem());
        assertEquals(Problem.INVALID_SETTING, assertThrows(BrokerStartException.class, () -> ListenCheck.requireFree("127.0.0.1", 0, CFG)).problem());
        // 192.0.2.0/24 is reserved for documentation: no machine has it
        BrokerStartException notHere = assertThrows(BrokerStartException.class, () -> ListenCheck.requireFree("192.0.2.1", 18830, CFG));
        assertEquals(Problem.ADDRESS_NOT_HERE, notHere.problem(), notHere.getMessage());
    }

    @Test
    void theFileToEditFollowsTheHubsDeployFolder() {
        assertEquals("load/org.salus.hub.broker.cfg", HubBroker.whereToChange("load"));
        assertEquals("/srv/hub/load/org.salus.hub.broker.cfg", HubBroker.whereToChange("/srv/hub/load/, extra"));
        assertEquals("the configuration org.salus.hub.broker", HubBroker.whereToChange(null));
    }
}
