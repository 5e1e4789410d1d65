package org.salus.sync.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class OrderedHubLinkTest {

    private final ScriptedHub lan = new ScriptedHub("C1");
    private final ScriptedHub cloud = new ScriptedHub("C1");
    private final AtomicLong now = new AtomicLong(1_000);
    private final OrderedHubLink link = new OrderedHubLink(List.of(lan, cloud), List.of("tcp://lan:1883", "ssl://cloud:8883"), 60_000, now::get);
    private final HubLink.Inbox inbox = new HubLink.Inbox() {
        @Override
        public void arrived(String topic, byte[] payload, byte[] correlationData) {
        }

        @Override
        public void lost(String why) {
        }
    };

    @Test
    void theFirstTargetThatAnswersIsUsed() throws Exception {
        link.connect(List.of("t"), inbox);
        assertEquals("tcp://lan:1883", link.target());
        assertEquals(0, cloud.connects, "the later target is not tried while the first answers");

        link.disconnect();
        lan.reachable = false;
        link.connect(List.of("t"), inbox);
        assertEquals("ssl://cloud:8883", link.target());
        assertFalse(link.returnToPreferred(), "the first is still away");
    }

    @Test
    void onALaterTargetTheEarlierOneIsTriedAgainAfterThePauseAndTakenOnceItAnswers() throws Exception {
        lan.reachable = false;
        link.connect(List.of("t"), inbox);
        assertEquals("ssl://cloud:8883", link.target());
        lan.reachable = true;
        assertFalse(link.returnToPreferred(), "not before the pause is over");
        assertEquals(0, lan.connects);
        now.addAndGet(60_000);
        assertTrue(link.returnToPreferred());
        assertEquals("tcp://lan:1883", link.target());
        assertFalse(cloud.connected(), "the later connection is closed once the earlier one is up");
        assertFalse(link.returnToPreferred(), "already on the first target");
    }

    @Test
    void noTargetAnsweringNamesEachAndLeavesTheLinkDisconnected() {
        lan.reachable = false;
        cloud.reachable = false;
        Exception e = assertThrows(Exception.class, () -> link.connect(List.of("t"), inbox));
        assertTrue(e.getMessage().contains("tcp://lan:1883: connection refused") && e.getMessage().contains("ssl://cloud:8883: connection refused"),
                e.getMessage());
        assertFalse(link.connected());
        assertNull(link.target());
        assertEquals("tcp://lan:1883, then ssl://cloud:8883", link.describe());
    }

    @Test
    void hubUrlAloneStillConfiguresOneTargetAndBadAddressesAreNamed() {
        HubTargets one = new HubTargets(List.of(" tcp://hub:1883 "), null, null, 0);
        assertEquals(List.of("tcp://hub:1883"), one.urls());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HubTargets(List.of("tcp://hub:1883", "hub:1883"), null,
                null, 0));
        assertTrue(e.getMessage().contains("'hub:1883' is not a broker address"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HubTargets(List.of(), null, null, 0));
        assertTrue(new HubTargets(List.of("tcp://a:1", "ssl://b:2"), null, null, 0).anyTls());
    }
}
