package org.salus.device.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.core.access.Permissions;
import org.salus.core.command.Actor;
import org.salus.core.command.InvalidInputException;
import org.salus.core.store.ClinicStore;
import org.salus.device.DeviceSecrets;
import org.salus.device.Enrolled;
import org.salus.device.Enrolment;
import org.salus.device.EnrolmentFailedException;
import org.salus.device.EnrolmentFailedException.Reason;
import org.salus.device.EnrolmentTicket;
import org.salus.device.WorkstationSettings;
import org.salus.security.Authentication;
import org.salus.sync.wire.SyncTopics;

/**
 * Enrols this workstation at a hub and keeps its device settings. The device secret goes to {@link DeviceSecrets},
 * never into a configuration: {@link SecretPlugin} hands it to the sync engine when ConfigAdmin delivers the engine's
 * configuration.
 */
@Component(name = DeviceConfig.PID, configurationPid = DeviceConfig.PID, service = {Enrolment.class, WorkstationSettings.class})
@Designate(ocd = DeviceConfig.class)
public class EnrolmentService implements Enrolment, WorkstationSettings {

    private static final System.Logger LOG = System.getLogger(EnrolmentService.class.getName());
    /** The meta key under which the core keeps a device id it generated (the core's own name for it). */
    static final String STORE_DEVICE_ID = "device.id";
    static final int HUB_HTTP_PORT = 8180;
    static final int HUB_MQTT_PORT = 1883;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9 -]{4,32}");
    private static final Set<String> BROKER_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    private final Authentication auth;
    private final ConfigurationAdmin cm;
    private final DeviceSecrets secrets;
    private volatile ClinicStore store;
    private volatile DeviceConfig config;
    private volatile HubClient hub;

    @Activate
    public EnrolmentService(@Reference Authentication auth, @Reference ConfigurationAdmin cm,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) DeviceSecrets secrets, DeviceConfig config) {
        this.auth = auth;
        this.cm = cm;
        this.secrets = secrets;
        modified(config);
    }

    @Modified
    void modified(DeviceConfig c) {
        config = c;
        hub = new HubClient(Duration.ofMillis(Math.max(100, c.httpTimeoutMillis())));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setStore(ClinicStore s) {
        store = s;
    }

    void unsetStore(ClinicStore s) {
        if (store == s) {
            store = null;
        }
    }

    // ---- enrolment ----

    @Override
    public EnrolmentTicket request(Actor admin, String hubAddress, List<String> brokerUrls, String pairingCode, String deviceName) {
        Access.require(auth, admin, Permissions.DEVICE_MANAGE);
        URI hubUri = hubUri(hubAddress);
        List<String> brokers = brokerUrls == null || brokerUrls.isEmpty() ? List.of("tcp://" + hubUri.getHost() + ":" + HUB_MQTT_PORT)
                : checkedBrokers(brokerUrls);
        if (pairingCode == null || !CODE.matcher(pairingCode.trim()).matches()) {
            throw new EnrolmentFailedException(Reason.INVALID_INPUT, "Enter the pairing code as the hub shows it, such as K7QM-3XWD.");
        }
        String name = deviceName == null || deviceName.isBlank() ? "workstation" : deviceName.strip();
        if (name.length() > 100) {
            throw new EnrolmentFailedException(Reason.INVALID_INPUT, "A workstation's name has at most 100 characters.");
        }
        String deviceId = deviceId();
        HubClient.Asked asked = hub.ask(hubUri, pairingCode.trim(), deviceId, name);
        LOG.log(System.Logger.Level.INFO, "Asked the hub at " + hubUri + " to enrol device " + deviceId + " (request " + asked.requestId() + ")");
        return new EnrolmentTicket(asked.requestId(), hubUri, brokers, deviceId, asked.key());
    }

    @Override
    public Enrolled awaitApproval(Actor admin, EnrolmentTicket ticket, Duration patience) throws InterruptedException {
        Access.require(auth, admin, Permissions.DEVICE_MANAGE);
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = Math.max(50, config.pollMillis());
        while (true) {
            HubClient.Answer a = hub.status(ticket.hub(), ticket.requestId(), ticket.key());
            if (a.secret() != null && a.clinicId() != null) {
                // the one answer that carries the credentials (the hub marks them collected as it sends them)
                return configure(a, ticket);
            }
            switch (a.state()) {
                case "APPROVED" -> throw new EnrolmentFailedException(Reason.REQUEST_GONE, "The hub approved request "
                        + ticket.requestId() + " but sent no credentials; ask again with a new pairing code.");
                case "COLLECTED" -> throw new EnrolmentFailedException(Reason.REQUEST_GONE, "The credentials of request "
                        + ticket.requestId() + " were collected already, and the hub gives them out once: ask again with a new pairing code.");
                case "DENIED" -> throw new EnrolmentFailedException(Reason.DENIED, "The hub's administrator denied request "
                        + ticket.requestId() + ". Ask them why before trying again with a new pairing code.");
                default -> {
                    // PENDING: ask again
                }
            }
            if (System.nanoTime() + pause * 1_000_000 > deadline) {
                throw new EnrolmentFailedException(Reason.TIMED_OUT, "The hub's administrator has not decided request " + ticket.requestId()
                        + " yet; it waits at the hub (salus-hub-admin pending), and asking again later collects the answer.");
            }
            Thread.sleep(pause);
        }
    }

    /** Keeps the secret, then points the device and its sync engine at the hub's clinic. */
    private Enrolled configure(HubClient.Answer a, EnrolmentTicket ticket) {
        String deviceId = a.deviceId() == null ? ticket.deviceId() : a.deviceId();
        char[] secret = a.secret();
        try {
            secrets.keep(deviceId, secret);
        } catch (RuntimeException e) {
            throw new EnrolmentFailedException(Reason.NOT_SAVED, "The hub enrolled this workstation, but its secret cannot be kept in "
                    + secrets.describe() + ": " + e.getMessage() + ". Ask the hub's administrator to revoke device " + deviceId
                    + " and enrol again once that is fixed.", e);
        } finally {
            Arrays.fill(secret, '\0');
        }
        try {
            Hashtable<String, Object> device = Configs.properties(cm, Configs.CORE_DEVICE_PID);
            device.put("clinicId", a.clinicId());
            device.put("deviceId", deviceId);
            Configs.write(cm, Configs.CORE_DEVICE_PID, device);
            Hashtable<String, Object> sync = Configs.properties(cm, Configs.SYNC_PID);
            sync.remove(SecretPlugin.SECRET);
            sync.put("clinicId", a.clinicId());
            sync.put("deviceId", deviceId);
            sync.put("hubUrl", ticket.brokerUrls().get(0));
            sync.put("hubUrls", ticket.brokerUrls().toArray(String[]::new));
            Configs.write(cm, Configs.SYNC_PID, sync);
        } catch (IOException | RuntimeException e) {
            throw new EnrolmentFailedException(Reason.NOT_SAVED, "The hub enrolled this workstation and its secret is kept, but the sync"
                    + " engine cannot be configured: " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "Enrolled as device " + deviceId + " of clinic " + a.clinicId() + " at " + ticket.hub());
        return new Enrolled(a.clinicId(), deviceId, ticket.brokerUrls());
    }

    @Override
    public Optional<Enrolled> enrolled() {
        Hashtable<String, Object> sync = Configs.properties(cm, Configs.SYNC_PID);
        Object clinic = sync.get("clinicId");
        Object device = sync.get("deviceId");
        if (clinic == null || device == null) {
            return Optional.empty();
        }
        return Optional.of(new Enrolled(clinic.toString(), device.toString(), urls(sync)));
    }

    /** This device's id: the core's configured one, else the one the core generated and keeps in the store, else a new one. */
    private String deviceId() {
        Object configured = Configs.properties(cm, Configs.CORE_DEVICE_PID).get("deviceId");
        if (configured != null && !configured.toString().isBlank()) {
            return configured.toString().trim();
        }
        ClinicStore s = store;
        if (s != null) {
            Optional<String> kept = s.read(tx -> tx.meta(STORE_DEVICE_ID));
            if (kept.isPresent() && SyncTopics.DEVICE_ID.matcher(kept.get()).matches()) {
                return kept.get();
            }
        }
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        return "ws-" + HexFormat.of().formatHex(random);
    }

    static URI hubUri(String given) {
        if (given == null || given.isBlank()) {
            throw new EnrolmentFailedException(Reason.INVALID_INPUT, "Enter the hub's address, such as hub.clinic.local or http://10.0.0.5:8180.");
        }
        String text = given.trim();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        try {
            URI u = new URI(text);
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                throw new URISyntaxException(text, "not an http:// or https:// address with a host");
            }
            return new URI(scheme, null, u.getHost(), u.getPort() < 0 ? HUB_HTTP_PORT : u.getPort(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new EnrolmentFailedException(Reason.INVALID_INPUT, "'" + given + "' is not a hub address: enter it as hub.clinic.local, "
                    + "10.0.0.5:8180 or http://hub.clinic.local:8180.", e);
        }
    }

    // ---- settings ----

    @Override
    public List<String> hubUrls() {
        return urls(Configs.properties(cm, Configs.SYNC_PID));
    }

    @Override
    public List<String> setHubUrls(Actor admin, List<String> hubUrls) {
        Access.require(auth, admin, Permissions.SYNC_SETTINGS);
        List<String> checked = checkedBrokersInput(hubUrls);
        Hashtable<String, Object> sync = Configs.properties(cm, Configs.SYNC_PID);
        if (sync.get("deviceId") == null) {
            throw new IllegalStateException("This workstation is not enrolled at a hub yet: enrol it first (Sync, Enrol this workstation).");
        }
        sync.put("hubUrls", checked.toArray(String[]::new));
        sync.put("hubUrl", checked.get(0));
        try {
            Configs.write(cm, Configs.SYNC_PID, sync);
        } catch (IOException e) {
            throw new IllegalStateException("The sync engine's configuration cannot be saved: " + e.getMessage(), e);
        }
        return checked;
    }

    @Override
    public long idleLockMinutes() {
        Object v = Configs.properties(cm, Configs.SECURITY_PID).get("idleLockMinutes");
        if (v instanceof Number n) {
            return n.longValue();
        }
        return v == null ? 60 : Long.parseLong(v.toString().trim());
    }

    @Override
    public long setIdleLockMinutes(Actor admin, long minutes) {
        Access.require(auth, admin, Permissions.DEVICE_MANAGE);
        if (minutes < 1 || minutes > 1440) {
            throw new InvalidInputException("idleLockMinutes", "the idle lock is 1 to 1440 minutes (a day), not " + minutes);
        }
        Hashtable<String, Object> security = Configs.properties(cm, Configs.SECURITY_PID);
        security.put("idleLockMinutes", minutes);
        try {
            Configs.write(cm, Configs.SECURITY_PID, security);
        } catch (IOException e) {
            throw new IllegalStateException("The security settings cannot be saved: " + e.getMessage(), e);
        }
        return minutes;
    }

    static List<String> urls(Hashtable<String, Object> sync) {
        Object many = sync.get("hubUrls");
        List<String> out = new ArrayList<>();
        if (many instanceof String[] a) {
            out.addAll(Arrays.asList(a));
        } else if (many instanceof Iterable<?> it) {
            it.forEach(o -> out.add(String.valueOf(o)));
        } else if (many instanceof String s && !s.isBlank()) {
            out.add(s);
        }
        if (out.isEmpty() && sync.get("hubUrl") != null) {
            out.add(sync.get("hubUrl").toString());
        }
        return List.copyOf(out);
    }

    private static List<String> checkedBrokers(List<String> given) {
        try {
            return checkedBrokersInput(given);
        } catch (InvalidInputException e) {
            throw new EnrolmentFailedException(Reason.INVALID_INPUT, e.getMessage(), e);
        }
    }

    /** Broker addresses as the engine takes them, in order, without blanks and repeats. */
    static List<String> checkedBrokersInput(List<String> given) {
        List<String> out = new ArrayList<>();
        for (String g : given == null ? List.<String>of() : given) {
            if (g == null || g.isBlank()) {
                continue;
            }
            String t = g.trim();
            URI u;
            try {
                u = new URI(t);
            } catch (URISyntaxException e) {
                throw new InvalidInputException("hubUrls", "'" + t + "' is not an address; write it as tcp://hub.clinic.local:1883");
            }
            if (u.getScheme() == null || !BROKER_SCHEMES.contains(u.getScheme().toLowerCase(Locale.ROOT)) || u.getHost() == null
                    || u.getPort() <= 0) {
                throw new InvalidInputException("hubUrls", "'" + t + "' is not a hub's broker: write tcp:// or ssl:// (or ws://, wss://),"
                        + " the host and the port, as in tcp://hub.clinic.local:1883");
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("hubUrls", "name at least one hub, such as tcp://hub.clinic.local:1883");
        }
        return List.copyOf(out);
    }
}
