package org.salus.hub.broker.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.salus.hub.broker.tests.Mqtt.BAD_CREDENTIALS;
import static org.salus.hub.broker.tests.Mqtt.NOT_AUTHORISED;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
    void devicesOfAClinicTalkOnTheirClinicsTopics() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient sub = Mqtt.connect(hub.port(), "A-sub", hub.a1);
        MqttClient pub = Mqtt.connect(hub.port(), "A-pub", hub.a2);
        try {
            IMqttToken granted = sub.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/A/#", 1) },
                    new IMqttMessageListener[] { (t, m) -> received.add(t + "|" + text(m)) });
            assertEquals(1, granted.getReasonCodes()[0], "SUBACK grants QoS 1");
            pub.publish("salus/v1/A/push/dev-a2", Mqtt.message("dispense 2", 1));
            pub.publish("salus/v1/A/dev.a2/x", Mqtt.message("a level with a dot", 1));
            assertEquals("salus/v1/A/push/dev-a2|dispense 2", received.poll(WAIT_S, TimeUnit.SECONDS));
            assertEquals("salus/v1/A/dev.a2/x|a level with a dot", received.poll(WAIT_S, TimeUnit.SECONDS));
        } finally {
            Mqtt.close(sub, pub);
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
        try {
            b.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/B/#", 1) },
                    new IMqttMessageListener[] { (t, m) -> atB.add(t + "|" + text(m)) });

            assertEquals(NOT_AUTHORISED, publishReason(a, "salus/v1/B/feed", Mqtt.message("forged", 1)));
            assertTrue(a.isConnected(), "MQTT 5 refuses the PUBLISH with PUBACK 0x87 and keeps the connection");
            a.publish("salus/v1/B/feed", Mqtt.message("forged at QoS 0", 0));
            a.publish("salus.v1.B/feed", Mqtt.message("dots are not separators", 0));

            // B's own message comes after the forged ones: arriving first, it shows none of them reached B's queue
            b.publish("salus/v1/B/feed", Mqtt.message("from B", 1));
            assertEquals("salus/v1/B/feed|from B", atB.poll(WAIT_S, TimeUnit.SECONDS));
            assertEquals(null, atB.poll(), "B received only its own message");
        } finally {
            Mqtt.close(a, b);
        }
    }

    @Test
    void mqtt5RequestResponsePropertiesPassThroughIntact() throws Exception {
        MqttClient responder = Mqtt.connect(hub.port(), "A-responder", hub.a1);
        MqttClient requester = Mqtt.connect(hub.port(), "A-requester", hub.a2);
        BlockingQueue<MqttMessage> requests = new LinkedBlockingQueue<>();
        BlockingQueue<MqttMessage> replies = new LinkedBlockingQueue<>();
        try {
            responder.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/A/pull/request", 1) },
                    new IMqttMessageListener[] { (t, m) -> requests.add(m) });
            requester.subscribe(new MqttSubscription[] { new MqttSubscription("salus/v1/A/pull/reply/A-requester", 1) },
                    new IMqttMessageListener[] { (t, m) -> replies.add(m) });

            byte[] correlation = { 0, 1, 2, (byte) 0xff, 'x', 'y' };
            MqttMessage request = Mqtt.message("cursor=41", 1);
            MqttProperties p = new MqttProperties();
            p.setResponseTopic("salus/v1/A/pull/reply/A-requester");
            p.setCorrelationData(correlation);
            p.setUserProperties(List.of(new UserProperty("schema", "1")));
            p.setContentType("text/plain");
            p.setPayloadFormat(true);
            p.setMessageExpiryInterval(60L);
            request.setProperties(p);
            requester.publish("salus/v1/A/pull/request", request);

            MqttMessage got = requests.poll(WAIT_S, TimeUnit.SECONDS);
            assertNotNull(got, "the request arrives");
            MqttProperties rp = got.getProperties();
            assertEquals("salus/v1/A/pull/reply/A-requester", rp.getResponseTopic());
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
