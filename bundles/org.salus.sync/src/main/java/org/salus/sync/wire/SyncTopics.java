package org.salus.sync.wire;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MQTT topics of wire format v1, all under {@code salus/v1/{clinicId}/}. Clinic ids are letters, digits and
 * '_' (at most 64); device ids are letters, digits, '.', '_' and '-', starting with a letter or digit (at most 128).
 */
public final class SyncTopics {

    /** The root every topic of this version starts with. */
    public static final String ROOT = "salus/v1/";

    /**
     * The MQTT 5 user property in which a device may send, with a push or a pull, its own clock's time of sending
     * (milliseconds since 1970, in decimal): the hub reports the difference to its clock as the device's clock skew.
     */
    public static final String SENT_AT = "sent-at";

    /** What a clinic id may look like. */
    public static final Pattern CLINIC_ID = Pattern.compile("[A-Za-z0-9_]{1,64}");
    /** What a device id may look like. */
    public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** The kinds of topic. */
    public enum Kind {
        PUSH("push"), ACK("ack"), PULL("pull"), PULL_REPLY("pull-reply"), FEED("feed");

        private final String level;

        Kind(String level) {
            this.level = level;
        }

        /** The topic level that names the kind. */
        public String level() {
            return level;
        }
    }

    /**
     * A topic read back into its parts.
     *
     * @param clinicId the clinic
     * @param kind the kind
     * @param deviceId the device, or null for the feed
     */
    public record Address(String clinicId, Kind kind, String deviceId) {
    }

    private SyncTopics() {
    }

    public static String push(String clinicId, String deviceId) {
        return device(clinicId, Kind.PUSH, deviceId);
    }

    public static String ack(String clinicId, String deviceId) {
        return device(clinicId, Kind.ACK, deviceId);
    }

    public static String pull(String clinicId, String deviceId) {
        return device(clinicId, Kind.PULL, deviceId);
    }

    public static String pullReply(String clinicId, String deviceId) {
        return device(clinicId, Kind.PULL_REPLY, deviceId);
    }

    public static String feed(String clinicId) {
        return ROOT + requireClinic(clinicId) + "/" + Kind.FEED.level();
    }

    /**
     * The filter a hub subscribes with to one kind of every clinic's device topics, shared by the hub instances of
     * {@code group} (MQTT 5 shared subscription): {@code $share/hub/salus/v1/+/push/#}. The last level is '#', not '+':
     * Artemis maps a '.' inside a topic level (a device id such as {@code ward3.pc1}) to a word boundary of its own
     * address syntax, which its '+' does not match. Devices may publish only on their exact topics, and
     * {@link #parse(String)} reads nothing deeper, so the wider filter admits no other message.
     */
    public static String sharedFilter(String group, Kind kind) {
        if (group == null || group.isEmpty() || group.contains("/") || group.contains("+") || group.contains("#")) {
            throw new IllegalArgumentException("a share group is a non-empty topic level without wildcards: " + group);
        }
        return "$share/" + group + "/" + ROOT + "+/" + kind.level() + "/#";
    }

    /** Reads a topic of this version; empty when it is not one (another root, a bad id, an unknown kind). */
    public static Optional<Address> parse(String topic) {
        if (topic == null || !topic.startsWith(ROOT)) {
            return Optional.empty();
        }
        String[] levels = topic.substring(ROOT.length()).split("/", -1);
        if (levels.length < 2 || !CLINIC_ID.matcher(levels[0]).matches()) {
            return Optional.empty();
        }
        if (levels.length == 2) {
            return Kind.FEED.level().equals(levels[1]) ? Optional.of(new Address(levels[0], Kind.FEED, null)) : Optional.empty();
        }
        if (levels.length != 3 || !DEVICE_ID.matcher(levels[2]).matches()) {
            return Optional.empty();
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.FEED && k.level().equals(levels[1])) {
                return Optional.of(new Address(levels[0], k, levels[2]));
            }
        }
        return Optional.empty();
    }

    private static String device(String clinicId, Kind kind, String deviceId) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("not a device id: " + deviceId);
        }
        return ROOT + requireClinic(clinicId) + "/" + kind.level() + "/" + deviceId;
    }

    private static String requireClinic(String clinicId) {
        if (clinicId == null || !CLINIC_ID.matcher(clinicId).matches()) {
            throw new IllegalArgumentException("not a clinic id: " + clinicId);
        }
        return clinicId;
    }
}
