package org.salus.hub.internal.sync;

/**
 * A message the hub publishes in answer (QoS 1).
 *
 * @param topic where
 * @param payload the encoded message
 * @param correlationData the pull's correlation data for a reply to a pull, else null
 */
record Outgoing(String topic, byte[] payload, byte[] correlationData) {
}
