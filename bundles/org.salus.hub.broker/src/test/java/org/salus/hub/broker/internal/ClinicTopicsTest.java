package org.salus.hub.broker.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.activemq.artemis.core.security.CheckType;
import org.junit.jupiter.api.Test;

class ClinicTopicsTest {

    @Test
    void aClinicUsesItsOwnTopicsWildcardsIncluded() {
        for (String address : new String[] { "salus.v1.A", "salus.v1.A.push.dev-a1", "salus.v1.A.#", "salus.v1.A.*.feed",
                "salus.v1.A.dev\\.a2.x", "salus.v1.A.feed::A-dev1.salus.v1.A.feed" }) {
            assertTrue(ClinicTopics.allows("A", CheckType.SEND, address), address);
            assertTrue(ClinicTopics.allows("A", CheckType.CREATE_DURABLE_QUEUE, address), address);
        }
    }

    @Test
    void noAddressOutsideTheClinicNorAFilterThatReachesBeyondIt() {
        for (String address : new String[] { "salus.v1.B.feed", "salus.v1.AB.feed", "salus.v1.A\\.B.x", "salus.v1.#", "salus.v1.*.feed",
                "#", "salus.#", "salus\\.v1\\.A.x", "$sys.mqtt.sessions", "DLQ", "other.salus.v1.A.x", "salus.v1.B.x::A-q" }) {
            assertFalse(ClinicTopics.allows("A", CheckType.SEND, address), address);
            assertFalse(ClinicTopics.allows("A", CheckType.CONSUME, address), address);
        }
    }

    @Test
    void noDeviceAdministersTheBroker() {
        for (CheckType admin : new CheckType[] { CheckType.MANAGE, CheckType.DELETE_ADDRESS, CheckType.EDIT, CheckType.VIEW }) {
            assertFalse(ClinicTopics.allows("A", admin, "salus.v1.A.x"), admin.name());
        }
        assertFalse(ClinicTopics.allows(null, CheckType.SEND, "salus.v1.A.x"));
        assertFalse(ClinicTopics.allows("", CheckType.SEND, "salus.v1..x"));
        assertFalse(ClinicTopics.allows("A", CheckType.SEND, null));
    }
}
