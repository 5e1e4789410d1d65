package org.salus.hub.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.core.security.CheckType;
import org.junit.jupiter.api.Test;
import org.salus.hub.mqtt.BrokerAccess;

class ServiceIdentityTest {

    private final ClinicSecurityManagerTest.CountingRegistry registry = new ClinicSecurityManagerTest.CountingRegistry();
    private final ServiceIdentity identity = ServiceIdentity.generate();
    private final ClinicSecurityManager security = new ClinicSecurityManager(() -> registry, identity);
    private final BrokerAccess access = identity.access("tcp://127.0.0.1:1", () -> 3);

    private Subject signIn(String clientId, char[] secret) {
        return security.authenticate(access.userName(), new String(secret), ClinicSecurityManagerTest.connection(clientId), null);
    }

    @Test
    void theServiceIdentityUsesEveryClinicsTopicsAndNothingElse() {
        Subject hub = signIn("hub.sync-1", access.password());
        assertNotNull(hub);
        assertEquals(0, registry.asked.get(), "the service identity is not a device");
        assertTrue(security.authorize(hub, Set.of(), CheckType.CONSUME, "salus.v1.*.push.*"), "a filter across clinics");
        assertTrue(security.authorize(hub, Set.of(), CheckType.CREATE_NON_DURABLE_QUEUE, "salus.v1.*.pull.*::hub.salus.v1.*.pull.*"));
        assertTrue(security.authorize(hub, Set.of(), CheckType.SEND, "salus.v1.A.ack.dev-a1"));
        assertTrue(security.authorize(hub, Set.of(), CheckType.SEND, "salus.v1.B.feed"));
        assertFalse(security.authorize(hub, Set.of(), CheckType.SEND, "other.topic"));
        assertTrue(security.authorize(hub, Set.of(), CheckType.DELETE_ADDRESS, "salus.v1.*.push.*"), "unsubscribing removes the address");
        assertFalse(security.authorize(hub, Set.of(), CheckType.DELETE_ADDRESS, "DLQ"));
        assertFalse(security.authorize(hub, Set.of(), CheckType.MANAGE, "salus.v1.A.feed"), "no administration");
    }

    @Test
    void aWrongSecretAnotherClientIdOrAnotherBrokerStartIsRefused() {
        assertNull(signIn("hub.sync-1", "guess".toCharArray()));
        assertNull(signIn("A-sync", access.password()), "a device's client id");
        assertNull(signIn("hub-sync", access.password()), "the prefix is 'hub.'");
        assertNull(new ClinicSecurityManager(() -> registry, ServiceIdentity.generate())
                .authenticate(access.userName(), new String(access.password()), ClinicSecurityManagerTest.connection("hub.x"), null),
                "each start makes a new secret");
        assertNull(new ClinicSecurityManager(() -> registry)
                .authenticate(access.userName(), new String(access.password()), ClinicSecurityManagerTest.connection("hub.x"), null),
                "no service identity, no service connection");
        assertEquals(0, registry.asked.get());
    }

    @Test
    void aDeviceStillSeesOnlyItsClinic() {
        Subject device = security.authenticate("dev-a1", "s-a1", ClinicSecurityManagerTest.connection("A-dev-a1"), null);
        assertNotNull(device);
        assertFalse(security.authorize(device, Set.of(), CheckType.CONSUME, "salus.v1.*.push.*"));
        assertTrue(security.authorize(device, Set.of(), CheckType.SEND, "salus.v1.A.push.dev-a1"));
    }

    @Test
    void serviceConnectionsUseLoopbackWhenTheBrokerListensEverywhere() {
        assertEquals("tcp://127.0.0.1:1883", HubBroker.serverUri("0.0.0.0", 1883));
        assertEquals("tcp://10.1.2.3:1884", HubBroker.serverUri("10.1.2.3", 1884));
        assertEquals("tcp://[::1]:1883", HubBroker.serverUri("::", 1883));
    }
}
