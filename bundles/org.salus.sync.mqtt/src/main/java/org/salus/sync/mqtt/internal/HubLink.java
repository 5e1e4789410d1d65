package org.salus.sync.mqtt.internal;

/** The engine's connection to the hub's broker; the engine alone decides when to connect again. */
interface HubLink {

    /** Takes what arrives; called on the connection's own thread, so it only hands things over. */
    interface Inbox {
        void arrived(String topic, byte[] payload, byte[] correlationData);

        void lost(String why);
    }

    /**
     * Connects and subscribes to {@code topics} at QoS 1 (a clean session each time: the clinic store, not the broker,
     * keeps what must survive).
     *
     * @throws Exception when the broker cannot be reached, refuses the credentials or the subscriptions
     */
    void connect(java.util.List<String> topics, Inbox inbox) throws Exception;

    boolean connected();

    /** Publishes at QoS 1. */
    void publish(String topic, byte[] payload) throws Exception;

    /** Publishes an MQTT 5 request at QoS 1, with its response topic and correlation data. */
    void request(String topic, byte[] payload, String responseTopic, byte[] correlationData) throws Exception;

    /** Disconnects, if connected, and releases the connection. */
    void disconnect();

    /** Where it connects, for messages. */
    String describe();

    /** The broker address connected to now, or null. */
    default String target() {
        return connected() ? describe() : null;
    }

    /**
     * Called by the engine between rounds while connected: a link with several targets may move back to an earlier one.
     *
     * @return true when it now talks to another broker (what the feed brought meanwhile must be pulled)
     */
    default boolean returnToPreferred() {
        return false;
    }
}
