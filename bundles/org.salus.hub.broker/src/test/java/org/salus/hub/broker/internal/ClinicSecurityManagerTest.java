package org.salus.hub.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.junit.jupiter.api.Test;
import org.salus.hub.device.DeviceIdentity;
import org.salus.hub.device.DeviceRegistry;

class ClinicSecurityManagerTest {

    /** Knows dev-a1 of clinic A with secret "s-a1" and counts how often it is asked. */
    static final class CountingRegistry implements DeviceRegistry {
        final AtomicInteger asked = new AtomicInteger();
        /** Device id to its secret; every device is of clinic A. */
        private final Map<String, String> secrets;

        CountingRegistry() {
            this(Map.of("dev-a1", "s-a1"));
        }

        CountingRegistry(Map<String, String> secrets) {
            this.secrets = Map.copyOf(secrets);
        }

        @Override
        public Optional<DeviceIdentity> authenticate(String username, char[] password) {
            asked.incrementAndGet();
            String secret = username == null ? null : secrets.get(username);
            return secret != null && Arrays.equals(secret.toCharArray(), password)
                    ? Optional.of(new DeviceIdentity(username, "A", Instant.EPOCH)) : Optional.empty();
        }

        @Override
        public DeviceIdentity enrol(String deviceId, String clinicId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void revoke(String deviceId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DeviceIdentity> devices() {
            return List.of();
        }
    }

    private final CountingRegistry registry = new CountingRegistry();
    private final ClinicSecurityManager security = new ClinicSecurityManager(() -> registry);

    static RemotingConnection connection(String clientId) {
        return (RemotingConnection) Proxy.newProxyInstance(RemotingConnection.class.getClassLoader(), new Class<?>[] { RemotingConnection.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getClientID" -> clientId;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "connection of " + clientId;
                    default -> null;
                });
    }

    @Test
    void aKnownDeviceWithItsClinicsClientIdGetsItsClinic() {
        Subject s = security.authenticate("dev-a1", "s-a1", connection("A-dev-a1"), null);
        assertNotNull(s);
        assertTrue(security.authorize(s, Set.of(), CheckType.SEND, "salus.v1.A.push.dev-a1"));
        assertFalse(security.authorize(s, Set.of(), CheckType.SEND, "salus.v1.B.push.dev-a1"));
        assertFalse(security.authorize(s, Set.of(), CheckType.SEND, "salus.v1.A.push.dev-a2"), "not as another device of its clinic");
        assertTrue(security.authorize(s, Set.of(), CheckType.CONSUME, "salus.v1.A.ack.dev-a1"));
        assertFalse(security.authorize(s, Set.of(), CheckType.CONSUME, "salus.v1.A.ack.dev-a2"), "not another device's acks");
        assertFalse(security.authorize(null, Set.of(), CheckType.SEND, "salus.v1.A.push.dev-a1"), "no subject, no access");
    }

    @Test
    void wrongSecretUnknownDeviceMissingCredentialsOrAnotherClinicsClientIdAreRefused() {
        assertNull(security.authenticate("dev-a1", "wrong", connection("A-1"), null));
        assertNull(security.authenticate("dev-zz", "s-a1", connection("A-1"), null));
        assertNull(security.authenticate(null, null, connection("A-1"), null));
        assertNull(security.authenticate("dev-a1", "s-a1", connection("B-1"), null), "client id of clinic B");
        assertNull(security.authenticate("dev-a1", "s-a1", connection("A"), null), "the clinic id alone is no prefix");
        assertNull(security.authenticate("dev-a1", "s-a1", connection(null), null));
        assertNull(new ClinicSecurityManager(() -> null).authenticate("dev-a1", "s-a1", connection("A-1"), null), "no registry, nobody in");
    }

    @Test
    void theRegistryIsAskedOnEveryNewConnectionButNotForEachAuthorisation() {
        RemotingConnection first = connection("A-1");
        assertNotNull(security.authenticate("dev-a1", "s-a1", first, null));
        assertNotNull(security.authenticate("dev-a1", "s-a1", first, null)); // Artemis re-authenticates before authorising
        assertEquals(1, registry.asked.get());

        assertNotNull(security.authenticate("dev-a1", "s-a1", connection("A-2"), null));
        assertEquals(2, registry.asked.get(), "a new connection is checked against the registry");
        assertNull(security.authenticate("dev-a1", "other", first, null), "other credentials on a known connection are checked again");
        assertEquals(3, registry.asked.get());
    }
}
