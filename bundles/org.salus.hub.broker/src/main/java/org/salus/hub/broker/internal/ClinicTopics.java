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
        if (clinicId == null || clinicId.isEmpty() || address == null || !isClientCheck(check)) {
            return false;
        }
        String own = ROOT + clinicId;
        String bare = bare(address);
        return bare.equals(own) || bare.startsWith(own + ".");
    }

    /**
     * The hub's own services may do what a client does on every clinic's addresses, wildcards across clinics
     * included ({@code $share/hub/salus/v1/+/push/+}), and nothing beyond {@code salus.v1.}; they administer nothing.
     */
    static boolean allowsService(CheckType check, String address) {
        // DELETE_ADDRESS: Artemis removes the wildcard address it made for a shared subscription once it is unsubscribed
        return address != null && (isClientCheck(check) || check == CheckType.DELETE_ADDRESS) && bare(address).startsWith(ROOT);
    }

    private static String bare(String address) {
        int fq = address.indexOf("::");
        return fq >= 0 ? address.substring(0, fq) : address;
    }

    private static boolean isClientCheck(CheckType check) {
        switch (check) {
            case SEND, CONSUME, BROWSE, CREATE_ADDRESS, CREATE_DURABLE_QUEUE, CREATE_NON_DURABLE_QUEUE, DELETE_DURABLE_QUEUE,
                    DELETE_NON_DURABLE_QUEUE -> {
                // what an MQTT client does: publish, subscribe, unsubscribe
            }
            default -> {
                // MANAGE, DELETE_ADDRESS, EDIT, VIEW: no client administers the broker
                return false;
            }
        }
        return true;
    }
}
