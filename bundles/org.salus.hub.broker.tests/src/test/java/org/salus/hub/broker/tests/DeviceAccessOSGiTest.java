package org.salus.hub.broker.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.salus.hub.broker.tests.Mqtt.BAD_CREDENTIALS;
import static org.salus.hub.broker.tests.Mqtt.NOT_AUTHORISED;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttTopic;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.salus.hub.device.DeviceIdentity;

/** Who may connect to the hub's broker and which topics each clinic's devices may use, with real Paho clients. */
class DeviceAccessOSGiTest {

    private static final long WAIT_S = 30;
    private static HubUnderTest hub;

    @BeforeAll
    static void startHub() throws Exception {
        hub = HubUnderTest.get();
    }

    @Test
    void anEnrolledDeviceConnectsWithItsSecretAndItsClinicsClientId() throws Exception {
        MqttClient c = Mqtt.connect(hub.port(), "A-dev-a1", hub.a1);
        assertTrue(c.isConnected());
        Mqtt.close(c);
        assertEquals(0, Mqtt.connectReason(hub.port(), "B-dev-b1", "dev-b1", hub.b1.secret()));
    }

    @Test
    void wrongSecretUnknownDeviceAndMissingCredentialsGetBadUserNameOrPassword() {
        assertEquals(BAD_CREDENTIALS, Mqtt.connectReason(hub.port(), "A-x1", "dev-a1", "not-the-secret".toCharArray()));
        assertEquals(BAD_CREDENTIALS, Mqtt.connectReason(hub.port(), "A-x2", "dev-nobody", hub.a1.secret()));
        assertEquals(BAD_CREDENTIALS, Mqtt.connectReason(hub.port(), "A-x3", null, null));
        // another device's secret does not open this device
        assertEquals(BAD_CREDENTIALS, Mqtt.connectReason(hub.port(), "A-x4", "dev-a1", hub.a2.secret()));
    }

    @Test
    void aDeviceCannotTakeAClientIdOfAnotherClinic() throws Exception {
        // the client id names the session: a clinic-B id would let a clinic-A device take over B's queued messages
        assertEquals(BAD_CREDENTIALS, Mqtt.connectReason(hub.port(), "B-dev-b1", "dev-a1", hub.a1.secret()));
        assertEquals(BAD_CREDENTIALS, Mqtt.connectReason(hub.port(), "AB-x", "dev-a1", hub.a1.secret()));
        // the same credentials with the right prefix right after: each CONNECT is checked on its own
        assertEquals(0, Mqtt.connectReason(hub.port(), "A-dev-a1-again", "dev-a1", hub.a1.secret()));
        assertEquals(BAD_CREDENTIALS, Mqtt.connectReason(hub.port(), "B-steal", "dev-a1", hub.a1.secret()));
    }

    @Test
    void aRevokedDeviceCanNoLongerConnect() throws Exception {
        DeviceIdentity a3 = hub.registry.enrol("dev-a3", "A");
        assertEquals(0, Mqtt.connectReason(hub.port(), "A-dev-a3", "dev-a3", a3.secret()));
        hub.registry.revoke("dev-a3");
        assertEquals(BAD_CREDENTIALS, Mqtt.connectReason(hub.port(), "A-dev-a3", "dev-a3", a3.secret()));
    }

    @Test
    void aDevicePushesAndPullsOnItsOwnTopicsAndHearsTheHubOnItsOwnAcksAndItsClinicsFeed() throws Exception {
        BlockingQueue<String> atHub = new LinkedBlockingQueue<>();
        BlockingQueue<String> atA1 = new LinkedBlockingQueue<>();
        BlockingQueue<String> atDotted = new LinkedBlockingQueue<>();
        DeviceIdentity dotted = hub.registry.enrol("dev.a4", "A");
        MqttClient service = Mqtt.hubService(hub.access(), "test-talk");
        MqttClient dottedHub = Mqtt.hubService(hub.access(), "test-talk-dotted");
        BlockingQueue<String> atDottedHub = new LinkedBlockingQueue<>();
        MqttClient a1 = Mqtt.connect(hub.port(), "A-talk-a1", hub.a1);
        MqttClient a4 = Mqtt.connect(hub.port(), "A-talk-a4", dotted);
        try {
            service.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/+/push/+", 1), new MqttSubscription("salus/v1/+/pull/+", 1) },
                    new IMqttMessageListener[] { (t, m) -> atHub.add(t + "|" + text(m)), (t, m) -> atHub.add(t + "|" + text(m)) });
            IMqttToken granted = a1.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/A/ack/dev-a1", 1),
                    new MqttSubscription("salus/v1/A/pull-reply/dev-a1", 1), new MqttSubscription("salus/v1/A/feed", 1) },
                    new IMqttMessageListener[] { (t, m) -> atA1.add(t + "|" + text(m)), (t, m) -> atA1.add(t + "|" + text(m)),
                            (t, m) -> atA1.add(t + "|" + text(m)) });
            assertArrayEquals(new int[] { 1, 1, 1 }, granted.getReasonCodes(), "SUBACK grants QoS 1 on its acks, its pages and the feed");
            a4.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/A/ack/dev.a4", 1) },
                    new IMqttMessageListener[] { (t, m) -> atDotted.add(t + "|" + text(m)) });

            assertEquals(0, publishReason(a1, "salus/v1/A/push/dev-a1", Mqtt.message("dispense 2", 1)));
            assertEquals("salus/v1/A/push/dev-a1|dispense 2", atHub.poll(WAIT_S, TimeUnit.SECONDS));
            assertEquals(0, publishReason(a1, "salus/v1/A/pull/dev-a1", Mqtt.message("after 0", 1)));
            assertEquals("salus/v1/A/pull/dev-a1|after 0", atHub.poll(WAIT_S, TimeUnit.SECONDS));
            // a device id with a dot is one topic level: a filter of the hub's form (SyncTopics.sharedFilter, a last '#') reaches it
            dottedHub.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/+/push/#", 1) },
                    new IMqttMessageListener[] { (t, m) -> atDottedHub.add(t + "|" + text(m)) });
            assertEquals(0, publishReason(a4, "salus/v1/A/push/dev.a4", Mqtt.message("from a4", 1)));
            assertEquals("salus/v1/A/push/dev.a4|from a4", atDottedHub.poll(WAIT_S, TimeUnit.SECONDS));

            service.publish("salus/v1/A/ack/dev-a1", Mqtt.message("acked 2", 1));
            service.publish("salus/v1/A/pull-reply/dev-a1", Mqtt.message("page", 1));
            service.publish("salus/v1/A/feed", Mqtt.message("feed 1", 1));
            service.publish("salus/v1/A/ack/dev.a4", Mqtt.message("acked a4", 1));
            Set<String> got = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                got.add(atA1.poll(WAIT_S, TimeUnit.SECONDS));
            }
            assertEquals(Set.of("salus/v1/A/ack/dev-a1|acked 2", "salus/v1/A/pull-reply/dev-a1|page", "salus/v1/A/feed|feed 1"), got);
            assertEquals("salus/v1/A/ack/dev.a4|acked a4", atDotted.poll(WAIT_S, TimeUnit.SECONDS));
        } finally {
            Mqtt.close(service, dottedHub, a1, a4);
            hub.registry.revoke("dev.a4");
        }
    }

    @Test
    void aDeviceCannotPushOrPullAsAnotherDeviceOfItsClinicNorReadItsAnswersNorWriteTheFeed() throws Exception {
        BlockingQueue<String> atHub = new LinkedBlockingQueue<>();
        BlockingQueue<String> atA2 = new LinkedBlockingQueue<>();
        MqttClient service = Mqtt.hubService(hub.access(), "test-forge");
        MqttClient a1 = Mqtt.connect(hub.port(), "A-forger", hub.a1);
        MqttClient a2 = Mqtt.connect(hub.port(), "A-victim", hub.a2);
        try {
            service.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/A/#", 1) },
                    new IMqttMessageListener[] { (t, m) -> atHub.add(t + "|" + text(m)) });
            a2.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/A/ack/dev-a2", 1), new MqttSubscription("salus/v1/A/feed", 1) },
                    new IMqttMessageListener[] { (t, m) -> atA2.add(t + "|" + text(m)), (t, m) -> atA2.add(t + "|" + text(m)) });

            for (String topic : List.of("salus/v1/A/push/dev-a2", "salus/v1/A/pull/dev-a2", "salus/v1/A/feed", "salus/v1/A/ack/dev-a2",
                    "salus/v1/A/ack/dev-a1", "salus/v1/A/pull-reply/dev-a2", "salus/v1/A/push/dev-a1/x", "salus/v1/A/other", "salus/v1/A/echo/dev-a2")) {
                assertEquals(NOT_AUTHORISED, publishReason(a1, topic, Mqtt.message("forged by a1", 1)), topic);
                a1.publish(topic, Mqtt.message("forged by a1 at QoS 0", 0));
            }
            assertTrue(a1.isConnected(), "a refused PUBLISH leaves the connection open");
            for (String filter : List.of("salus/v1/A/ack/dev-a2", "salus/v1/A/pull-reply/dev-a2", "salus/v1/A/push/dev-a2", "salus/v1/A/push/+",
                    "salus/v1/A/ack/+", "salus/v1/A/+/dev-a2", "salus/v1/A/#", "salus/v1/A/+", "$share/g/salus/v1/A/push/+")) {
                IMqttToken t = a1.subscribe(new MqttSubscription[] { new MqttSubscription(filter, 1) },
                        new IMqttMessageListener[] { (topic, m) -> atA2.add("a1 read " + topic) });
                assertEquals(NOT_AUTHORISED, t.getReasonCodes()[0], filter);
            }

            // what comes after the forged messages arrives first: none of them reached the hub or dev-a2
            a1.publish("salus/v1/A/push/dev-a1", Mqtt.message("a1's own push", 1));
            assertEquals("salus/v1/A/push/dev-a1|a1's own push", atHub.poll(WAIT_S, TimeUnit.SECONDS));
            service.publish("salus/v1/A/ack/dev-a2", Mqtt.message("the hub's ack", 1));
            assertEquals("salus/v1/A/ack/dev-a2|the hub's ack", atA2.poll(WAIT_S, TimeUnit.SECONDS));
            assertEquals("salus/v1/A/ack/dev-a2|the hub's ack", atHub.poll(WAIT_S, TimeUnit.SECONDS), "the hub sees its own ack");
            assertEquals(null, atHub.poll(), "the hub received nothing forged");
            assertEquals(null, atA2.poll(), "dev-a2 received nothing forged, and a1 read nothing of dev-a2's");
        } finally {
            Mqtt.close(service, a1, a2);
        }
    }

    @Test
    void aClinicCannotSubscribeToAnotherClinicsTopicsNorToEveryClinicsTopics() throws Exception {
        MqttClient a = Mqtt.connect(hub.port(), "A-snoop", hub.a1);
        try {
            for (String filter : List.of("salus/v1/B/#", "salus/v1/B/feed", "salus/v1/#", "salus/v1/+/feed", "#", "salus/#", "salus.v1.B/feed")) {
                IMqttToken t = a.subscribe(new MqttSubscription[] { new MqttSubscription(filter, 1) },
                        new IMqttMessageListener[] { (topic, m) -> { } });
                assertEquals(NOT_AUTHORISED, t.getReasonCodes()[0], filter);
            }
            assertTrue(a.isConnected(), "a refused SUBSCRIBE leaves the connection open");
        } finally {
            Mqtt.close(a);
        }
    }

    @Test
    void aClinicCannotPublishToAnotherClinicAndThatClinicReceivesNothing() throws Exception {
        BlockingQueue<String> atB = new LinkedBlockingQueue<>();
        MqttClient b = Mqtt.connect(hub.port(), "B-listener", hub.b1);
        MqttClient a = Mqtt.connect(hub.port(), "A-intruder", hub.a1);
        MqttClient service = null;
        try {
            b.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/B/feed", 1) },
                    new IMqttMessageListener[] { (t, m) -> atB.add(t + "|" + text(m)) });

            assertEquals(NOT_AUTHORISED, publishReason(a, "salus/v1/B/feed", Mqtt.message("forged", 1)));
            assertTrue(a.isConnected(), "MQTT 5 refuses the PUBLISH with PUBACK 0x87 and keeps the connection");
            a.publish("salus/v1/B/feed", Mqtt.message("forged at QoS 0", 0));
            a.publish("salus.v1.B/feed", Mqtt.message("dots are not separators", 0));

            // the hub's message comes after the forged ones: arriving first, it shows none of them reached B's queue
            service = Mqtt.hubService(hub.access(), "test-b-feed");
            service.publish("salus/v1/B/feed", Mqtt.message("from the hub", 1));
            assertEquals("salus/v1/B/feed|from the hub", atB.poll(WAIT_S, TimeUnit.SECONDS));
            assertEquals(null, atB.poll(), "B received only the hub's message");
        } finally {
            Mqtt.close(a, b, service);
        }
    }

    @Test
    void mqtt5RequestResponsePropertiesPassThroughIntact() throws Exception {
        MqttClient responder = Mqtt.hubService(hub.access(), "test-responder");
        MqttClient requester = Mqtt.connect(hub.port(), "A-requester", hub.a2);
        BlockingQueue<MqttMessage> requests = new LinkedBlockingQueue<>();
        BlockingQueue<MqttMessage> replies = new LinkedBlockingQueue<>();
        try {
            responder.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/A/pull/dev-a2", 1) },
                    new IMqttMessageListener[] { (t, m) -> requests.add(m) });
            requester.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/A/pull-reply/dev-a2", 1) },
                    new IMqttMessageListener[] { (t, m) -> replies.add(m) });

            byte[] correlation = { 0, 1, 2, (byte) 0xff, 'x', 'y' };
            MqttMessage request = Mqtt.message("cursor=41", 1);
            MqttProperties p = new MqttProperties();
            p.setResponseTopic("salus/v1/A/pull-reply/dev-a2");
            p.setCorrelationData(correlation);
            p.setUserProperties(List.of(new UserProperty("schema", "1")));
            p.setContentType("text/plain");
            p.setPayloadFormat(true);
            p.setMessageExpiryInterval(60L);
            request.setProperties(p);
            requester.publish("salus/v1/A/pull/dev-a2", request);

            MqttMessage got = requests.poll(WAIT_S, TimeUnit.SECONDS);
            assertNotNull(got, "the request arrives");
            MqttProperties rp = got.getProperties();
            assertEquals("salus/v1/A/pull-reply/dev-a2", rp.getResponseTopic());
            assertArrayEquals(correlation, rp.getCorrelationData());
            assertEquals(List.of(new UserProperty("schema", "1")), rp.getUserProperties());
            assertEquals("text/plain", rp.getContentType());
            assertTrue(rp.getPayloadFormat());

            MqttMessage reply = Mqtt.message("page 42..", 1);
            MqttProperties replyProps = new MqttProperties();
            replyProps.setCorrelationData(rp.getCorrelationData());
            reply.setProperties(replyProps);
            responder.publish(rp.getResponseTopic(), reply);

            MqttMessage answer = replies.poll(WAIT_S, TimeUnit.SECONDS);
            assertNotNull(answer, "the reply arrives on the response topic");
            assertEquals("page 42..", text(answer));
            assertArrayEquals(correlation, answer.getProperties().getCorrelationData());
        } finally {
            Mqtt.close(responder, requester);
        }
    }

    /** @return the PUBACK reason code of a QoS 1 publish, whether Paho reports it in the token or as an exception */
    static int publishReason(MqttClient client, String topic, MqttMessage m) {
        try {
            MqttTopic t = client.getTopic(topic);
            IMqttToken token = t.publish(m);
            token.waitForCompletion(WAIT_S * 1000);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    static String text(MqttMessage m) {
        return new String(m.getPayload(), StandardCharsets.UTF_8);
    }
}
