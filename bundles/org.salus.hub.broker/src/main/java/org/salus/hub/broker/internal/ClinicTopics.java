package org.salus.hub.broker.internal;

import org.apache.activemq.artemis.core.security.CheckType;

/**
 * Which broker addresses a clinic may use. Artemis maps the MQTT topic {@code salus/v1/A/x} to the address
 * {@code salus.v1.A.x}, '+' to '*', and escapes a '.' inside a topic level as {@code \.}; so every topic and filter
 * of clinic A, wildcards included, maps to {@code salus.v1.A} or an address under {@code salus.v1.A.}, and no
 * filter that reaches beyond it ({@code salus/v1/#}, {@code salus/v1/+/x}, {@code #}) does.
 */
final class ClinicTopics {

    static final String ROOT = "salus.v1.";

    private ClinicTopics() {
    }

    static boolean allows(String clinicId, CheckType check, String address) {
        if (clinicId == null || clinicId.isEmpty() || address == null) {
            return false;
        }
        switch (check) {
            case SEND, CONSUME, BROWSE, CREATE_ADDRESS, CREATE_DURABLE_QUEUE, CREATE_NON_DURABLE_QUEUE, DELETE_DURABLE_QUEUE,
                    DELETE_NON_DURABLE_QUEUE -> {
                // what an MQTT client does: publish, subscribe, unsubscribe
            }
            default -> {
                // MANAGE, DELETE_ADDRESS, EDIT, VIEW: no device administers the broker
                return false;
            }
        }
        int fq = address.indexOf("::");
        String bare = fq >= 0 ? address.substring(0, fq) : address;
        String own = ROOT + clinicId;
        return bare.equals(own) || bare.startsWith(own + ".");
    }
}
