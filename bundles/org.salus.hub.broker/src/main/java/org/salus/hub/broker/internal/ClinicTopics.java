package org.salus.hub.broker.internal;

import org.apache.activemq.artemis.core.security.CheckType;

/**
 * Which broker addresses a device may use. Artemis maps the MQTT topic {@code salus/v1/A/x} to the address
 * {@code salus.v1.A.x}, '+' to '*', and escapes a '.' inside a topic level as {@code \.}; so a topic of clinic A maps
 * to an address under {@code salus.v1.A.}, and no filter that reaches beyond one topic ({@code salus/v1/A/#},
 * {@code salus/v1/A/ack/+}, {@code #}) maps to one of the exact addresses below.
 * <p>
 * A device of clinic C with id D publishes only on its own {@code push/D} and {@code pull/D}, and reads only its own
 * {@code ack/D}, its own {@code pull-reply/D} and the clinic's {@code feed}: it cannot push or pull as another device,
 * read another device's acks or pages, or write the feed, which only the hub fills. Besides, {@code echo/D} is its
 * own loop (what it publishes there comes back to itself alone): a check of the link to the broker that involves no
 * hub, and the raw-publish baseline of the benchmarks.
 */
final class ClinicTopics {

    static final String ROOT = "salus.v1.";

    private ClinicTopics() {
    }

    /**
     * @param clinicId the device's clinic, from its enrolment
     * @param deviceId the device, from its enrolment
     */
    static boolean allows(String clinicId, String deviceId, CheckType check, String address) {
        if (clinicId == null || clinicId.isEmpty() || deviceId == null || deviceId.isEmpty() || address == null || !isClientCheck(check)) {
            return false;
        }
        String bare = bare(address);
        String clinic = ROOT + clinicId + ".";
        String device = deviceId.replace(".", "\\.");
        boolean sends = bare.equals(clinic + "push." + device) || bare.equals(clinic + "pull." + device);
        boolean reads = bare.equals(clinic + "ack." + device) || bare.equals(clinic + "pull-reply." + device) || bare.equals(clinic + "feed");
        boolean loop = bare.equals(clinic + "echo." + device);
        return switch (check) {
            case SEND -> sends || loop;
            // Artemis makes an address the first time a topic is used, by a publisher or by a subscriber
            case CREATE_ADDRESS -> sends || reads || loop;
            default -> reads || loop;
        };
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
