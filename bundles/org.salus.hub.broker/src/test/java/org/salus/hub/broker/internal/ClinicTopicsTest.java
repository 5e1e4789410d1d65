package org.salus.hub.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.activemq.artemis.core.security.CheckType;
import org.junit.jupiter.api.Test;

class ClinicTopicsTest {

    private static final CheckType[] SUBSCRIBE = { CheckType.CREATE_ADDRESS, CheckType.CREATE_DURABLE_QUEUE, CheckType.CREATE_NON_DURABLE_QUEUE,
            CheckType.CONSUME, CheckType.DELETE_DURABLE_QUEUE, CheckType.DELETE_NON_DURABLE_QUEUE };

    @Test
    void aDevicePublishesOnlyOnItsOwnPushPullAndEchoTopics() {
        for (String address : new String[] { "salus.v1.A.push.dev-a1", "salus.v1.A.pull.dev-a1", "salus.v1.A.echo.dev-a1" }) {
            assertTrue(ClinicTopics.allows("A", "dev-a1", CheckType.SEND, address), address);
            assertTrue(ClinicTopics.allows("A", "dev-a1", CheckType.CREATE_ADDRESS, address), address);
        }
        for (String address : new String[] { "salus.v1.A.push.dev-a2", "salus.v1.A.pull.dev-a2", "salus.v1.A.push.dev-a1x",
                "salus.v1.A.push.dev-a", "salus.v1.A.feed", "salus.v1.A.ack.dev-a1", "salus.v1.A.pull-reply.dev-a1", "salus.v1.A.ack.dev-a2",
                "salus.v1.A.echo.dev-a2", "salus.v1.A.push.*", "salus.v1.A.push.dev-a1.x", "salus.v1.A.x", "salus.v1.A", "salus.v1.B.push.dev-a1",
                "salus.v1.AB.push.dev-a1" }) {
            assertFalse(ClinicTopics.allows("A", "dev-a1", CheckType.SEND, address), address);
        }
    }

    @Test
    void aDeviceReadsOnlyItsOwnAcksAndPagesAndItsClinicsFeed() {
        for (String address : new String[] { "salus.v1.A.ack.dev-a1", "salus.v1.A.pull-reply.dev-a1", "salus.v1.A.feed", "salus.v1.A.echo.dev-a1",
                "salus.v1.A.feed::A-dev-a1.salus.v1.A.feed" }) {
            for (CheckType c : SUBSCRIBE) {
                assertTrue(ClinicTopics.allows("A", "dev-a1", c, address), c + " " + address);
            }
        }
        for (String address : new String[] { "salus.v1.A.ack.dev-a2", "salus.v1.A.pull-reply.dev-a2", "salus.v1.A.push.dev-a1",
                "salus.v1.A.push.dev-a2", "salus.v1.A.pull.dev-a1", "salus.v1.A.#", "salus.v1.A.ack.*", "salus.v1.A.*.dev-a1", "salus.v1.A.*",
                "salus.v1.B.feed", "salus.v1.AB.feed", "salus.v1.#", "salus.v1.*.feed", "#", "salus.#", "$sys.mqtt.sessions", "DLQ",
                "other.salus.v1.A.feed", "salus.v1.B.feed::A-q", "salus.v1.A.echo.dev-a2" }) {
            for (CheckType c : SUBSCRIBE) {
                // publishing on its own push and pull topics may make their addresses, never read them
                boolean ownSend = address.equals("salus.v1.A.push.dev-a1") || address.equals("salus.v1.A.pull.dev-a1");
                assertEquals(ownSend && c == CheckType.CREATE_ADDRESS, ClinicTopics.allows("A", "dev-a1", c, address), c + " " + address);
            }
        }
    }

    @Test
    void aDotInADeviceIdIsOneTopicLevel() {
        // Artemis escapes a '.' inside a level: dev.a1's own push topic is salus.v1.A.push.dev\.a1
        assertTrue(ClinicTopics.allows("A", "dev.a1", CheckType.SEND, "salus.v1.A.push.dev\\.a1"));
        assertFalse(ClinicTopics.allows("A", "dev.a1", CheckType.SEND, "salus.v1.A.push.dev.a1"), "two levels, not dev.a1's topic");
        assertFalse(ClinicTopics.allows("A", "dev", CheckType.SEND, "salus.v1.A.push.dev\\.a1"), "device dev cannot push as dev.a1");
        assertTrue(ClinicTopics.allows("A", "dev.a1", CheckType.CONSUME, "salus.v1.A.ack.dev\\.a1"));
    }

    @Test
    void noDeviceAdministersTheBroker() {
        for (CheckType admin : new CheckType[] { CheckType.MANAGE, CheckType.DELETE_ADDRESS, CheckType.EDIT, CheckType.VIEW }) {
            assertFalse(ClinicTopics.allows("A", "dev-a1", admin, "salus.v1.A.feed"), admin.name());
        }
        assertFalse(ClinicTopics.allows(null, "dev-a1", CheckType.SEND, "salus.v1.A.push.dev-a1"));
        assertFalse(ClinicTopics.allows("A", null, CheckType.SEND, "salus.v1.A.push.dev-a1"));
        assertFalse(ClinicTopics.allows("", "dev-a1", CheckType.SEND, "salus.v1..push.dev-a1"));
        assertFalse(ClinicTopics.allows("A", "dev-a1", CheckType.SEND, null));
    }

    @Test
    void theHubServiceUsesEveryClinicsTopicsButAdministersNothing() {
        assertTrue(ClinicTopics.allowsService(CheckType.CONSUME, "salus.v1.*.push.*"));
        assertTrue(ClinicTopics.allowsService(CheckType.SEND, "salus.v1.B.feed"));
        assertFalse(ClinicTopics.allowsService(CheckType.SEND, "DLQ"));
        assertFalse(ClinicTopics.allowsService(CheckType.MANAGE, "salus.v1.B.feed"));
    }
}
