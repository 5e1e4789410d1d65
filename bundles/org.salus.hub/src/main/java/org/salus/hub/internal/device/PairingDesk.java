package org.salus.hub.internal.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.salus.hub.device.DeviceIdentity;
import org.salus.hub.device.DeviceRegistry;
import org.salus.hub.device.DeviceRegistryException;
import org.salus.hub.device.EnrolmentDesk;
import org.salus.hub.device.EnrolmentException;
import org.salus.hub.device.EnrolmentException.Reason;
import org.salus.hub.device.EnrolmentRequest;
import org.salus.hub.device.EnrolmentRequest.State;
import org.salus.hub.device.PairingCode;
import org.salus.sync.wire.SyncTopics;

/**
 * The hub's {@link EnrolmentDesk}. Codes, requests and not-yet-collected secrets live in memory only: a restarted hub
 * has none, and a device whose request was lost asks again with a new code. Codes and keys are kept as SHA-256
 * hashes. Thread-safe (one lock; nothing here is on a hot path).
 */
@Component(name = PairingDesk.PID, configurationPid = PairingDesk.PID, service = EnrolmentDesk.class)
@Designate(ocd = PairingDesk.Config.class)
public class PairingDesk implements EnrolmentDesk {

    static final String PID = "org.salus.hub.enrolment";
    /** Letters and digits that read back unambiguously: no I, L, O, U, 0 or 1. */
    static final String ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

    @ObjectClassDefinition(name = "Salus hub enrolment", description = "Pairing codes for new devices, and how wrong codes are limited.")
    public @interface Config {
        @AttributeDefinition(name = "Code lifetime (minutes)", description = "How long a pairing code may be used.")
        int codeMinutes() default 5;

        @AttributeDefinition(name = "Wrong codes per address", description = "Wrong codes from one address within the window before "
                + "it is refused until the window has passed.")
        int maxFailuresPerAddress() default 5;

        @AttributeDefinition(name = "Wrong codes in all", description = "Wrong codes from all addresses together within the window before "
                + "every request is refused until the window has passed (against guessing from many addresses).")
        int maxFailuresTotal() default 50;

        @AttributeDefinition(name = "Window (minutes)", description = "How long a wrong code counts.")
        int failureWindowMinutes() default 15;

        @AttributeDefinition(name = "Request lifetime (hours)", description = "How long a request waits for an administrator, and "
                + "approved credentials for their device, before they are dropped.")
        int requestHours() default 24;
    }

    private final Clock clock;
    private final SecureRandom random;
    private final DeviceRegistry registry;
    private final Map<String, PairingCode> codes = new HashMap<>();
    private final Map<String, Entry> requests = new LinkedHashMap<>();
    private final Map<String, Deque<Instant>> failures = new HashMap<>();
    private final Deque<Instant> allFailures = new ArrayDeque<>();
    private Duration codeLife;
    private int maxPerAddress;
    private int maxTotal;
    private Duration window;
    private Duration requestLife;

    @Activate
    public PairingDesk(@Reference DeviceRegistry registry, Config config) {
        this(registry, config, Clock.systemUTC(), new SecureRandom());
    }

    PairingDesk(DeviceRegistry registry, Config config, Clock clock, SecureRandom random) {
        this.registry = registry;
        this.clock = clock;
        this.random = random;
        modified(config);
    }

    @Modified
    synchronized void modified(Config config) {
        codeLife = Duration.ofMinutes(Math.max(1, config.codeMinutes()));
        maxPerAddress = Math.max(1, config.maxFailuresPerAddress());
        maxTotal = Math.max(maxPerAddress, config.maxFailuresTotal());
        window = Duration.ofMinutes(Math.max(1, config.failureWindowMinutes()));
        requestLife = Duration.ofHours(Math.max(1, config.requestHours()));
    }

    @Override
    public synchronized PairingCode openPairing(String clinicId) {
        if (clinicId == null || !SyncTopics.CLINIC_ID.matcher(clinicId).matches()) {
            throw new EnrolmentException(Reason.INVALID_ID, "A clinic id has 1 to 64 letters, digits and '_': '" + clinicId + "' does not.");
        }
        purge();
        StringBuilder code = new StringBuilder(9);
        for (int i = 0; i < 8; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        code.insert(4, '-');
        PairingCode p = new PairingCode(code.toString(), clinicId, clock.instant().plus(codeLife));
        codes.put(hash(normalise(p.code())), p);
        return p;
    }

    @Override
    public synchronized Submitted request(String pairingCode, String deviceId, String deviceName, String from) {
        Instant now = clock.instant();
        purge();
        String address = from == null || from.isBlank() ? "unknown" : from;
        Deque<Instant> mine = failures.computeIfAbsent(address, k -> new ArrayDeque<>());
        if (mine.size() >= maxPerAddress || allFailures.size() >= maxTotal) {
            Instant until = (mine.size() >= maxPerAddress ? mine.peekFirst() : allFailures.peekFirst()).plus(window);
            throw new EnrolmentException(Reason.TOO_MANY_ATTEMPTS, "Too many wrong pairing codes came " + (mine.size() >= maxPerAddress
                    ? "from " + address : "from several addresses") + " lately; try again after " + until + ".");
        }
        String key = hash(normalise(pairingCode == null ? "" : pairingCode));
        PairingCode code = codes.get(key);
        if (code == null || !code.expiresAt().isAfter(now)) {
            mine.addLast(now);
            allFailures.addLast(now);
            if (code != null) {
                codes.remove(key);
                throw new EnrolmentException(Reason.EXPIRED_CODE, "This pairing code expired at " + code.expiresAt()
                        + ". Ask the hub's administrator for a new one.");
            }
            throw new EnrolmentException(Reason.UNKNOWN_CODE, "This pairing code is not open at this hub (mistyped, used already, or from "
                    + "another hub). Ask the hub's administrator for a new one.");
        }
        if (deviceId == null || !SyncTopics.DEVICE_ID.matcher(deviceId).matches()) {
            throw new EnrolmentException(Reason.INVALID_ID, "A device id has letters, digits, '.', '_' and '-', starts with a letter or digit "
                    + "and has at most 128 characters: '" + deviceId + "' does not.");
        }
        boolean taken = registry.devices().stream().anyMatch(d -> d.deviceId().equals(deviceId))
                || requests.values().stream().anyMatch(e -> e.request.deviceId().equals(deviceId) && e.request.state() == State.PENDING);
        if (taken) {
            throw new EnrolmentException(Reason.ALREADY_ENROLLED, "A device called " + deviceId + " is enrolled at this hub already, or asked "
                    + "to join already. Choose another device id, or ask the administrator to revoke the old device.");
        }
        codes.remove(key);
        String name = deviceName == null || deviceName.isBlank() ? deviceId : clean(deviceName);
        EnrolmentRequest request = new EnrolmentRequest(UUID.randomUUID().toString(), deviceId, code.clinicId(), name, address, now, State.PENDING);
        byte[] raw = new byte[24];
        random.nextBytes(raw);
        char[] secretKey = Base64.getUrlEncoder().withoutPadding().encodeToString(raw).toCharArray();
        requests.put(request.requestId(), new Entry(request, hash(new String(secretKey))));
        System.out.println("Salus hub: device " + deviceId + " (" + name + ", from " + address + ") asks to join clinic " + code.clinicId()
                + "; request " + request.requestId() + ": salus-hub-admin approve " + request.requestId() + " (or deny)");
        return new Submitted(request, secretKey);
    }

    @Override
    public synchronized List<EnrolmentRequest> pending() {
        purge();
        List<EnrolmentRequest> out = new ArrayList<>();
        requests.values().stream().map(e -> e.request).filter(r -> r.state() == State.PENDING)
                .sorted(Comparator.comparing(EnrolmentRequest::requestedAt)).forEach(out::add);
        return out;
    }

    @Override
    public synchronized EnrolmentRequest approve(String requestId) {
        Entry e = pendingEntry(requestId);
        DeviceIdentity enrolled;
        try {
            enrolled = registry.enrol(e.request.deviceId(), e.request.clinicId());
        } catch (DeviceRegistryException x) {
            Reason r = switch (x.reason()) {
                case INVALID_ID -> Reason.INVALID_ID;
                case ALREADY_ENROLLED -> Reason.ALREADY_ENROLLED;
                default -> Reason.STORAGE;
            };
            throw new EnrolmentException(r, x.getMessage());
        }
        e.credentials = enrolled;
        e.request = with(e.request, State.APPROVED);
        System.out.println("Salus hub enrolled device " + enrolled.deviceId() + " for clinic " + enrolled.clinicId() + " (request " + requestId
                + "); the device collects its secret once");
        return e.request;
    }

    @Override
    public synchronized EnrolmentRequest deny(String requestId) {
        Entry e = pendingEntry(requestId);
        e.request = with(e.request, State.DENIED);
        System.out.println("Salus hub denied device " + e.request.deviceId() + " (request " + requestId + ")");
        return e.request;
    }

    @Override
    public synchronized Status status(String requestId, char[] key) {
        purge();
        Entry e = requestId == null ? null : requests.get(requestId);
        byte[] given = HexFormat.of().parseHex(hash(key == null ? "" : new String(key)));
        if (e == null || !MessageDigest.isEqual(given, HexFormat.of().parseHex(e.keyHash))) {
            throw new EnrolmentException(Reason.UNKNOWN_REQUEST, "No enrolment request " + requestId + " with this key at this hub "
                    + "(it may have expired, or the hub restarted): ask to join again with a new pairing code.");
        }
        if (e.request.state() == State.APPROVED && e.credentials != null) {
            DeviceIdentity handed = e.credentials;
            e.credentials = null;
            e.request = with(e.request, State.COLLECTED);
            return new Status(e.request, Optional.of(handed));
        }
        return new Status(e.request, Optional.empty());
    }

    private Entry pendingEntry(String requestId) {
        purge();
        Entry e = requestId == null ? null : requests.get(requestId);
        if (e == null) {
            throw new EnrolmentException(Reason.UNKNOWN_REQUEST, "No enrolment request " + requestId + " at this hub.");
        }
        if (e.request.state() != State.PENDING) {
            throw new EnrolmentException(Reason.ALREADY_DECIDED, "Request " + requestId + " for device " + e.request.deviceId() + " is "
                    + e.request.state().name().toLowerCase(Locale.ROOT) + " already.");
        }
        return e;
    }

    /** Drops expired codes, old failures, and requests past their lifetime (with any uncollected secret). */
    private void purge() {
        Instant now = clock.instant();
        codes.values().removeIf(c -> !c.expiresAt().isAfter(now.minus(window)));
        Instant oldest = now.minus(window);
        for (Deque<Instant> d : failures.values()) {
            while (!d.isEmpty() && !d.peekFirst().isAfter(oldest)) {
                d.removeFirst();
            }
        }
        failures.values().removeIf(Deque::isEmpty);
        while (!allFailures.isEmpty() && !allFailures.peekFirst().isAfter(oldest)) {
            allFailures.removeFirst();
        }
        requests.values().removeIf(e -> e.request.requestedAt().plus(requestLife).isBefore(now));
    }

    private static EnrolmentRequest with(EnrolmentRequest r, State s) {
        return new EnrolmentRequest(r.requestId(), r.deviceId(), r.clinicId(), r.deviceName(), r.from(), r.requestedAt(), s);
    }

    static String normalise(String code) {
        return code.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
    }

    /** A device name for a person's eyes: printable, at most 100 characters. */
    static String clean(String name) {
        String printable = name.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().trim();
        return printable.length() > 100 ? printable.substring(0, 100) : printable;
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A request, the hash of its key, and the credentials until they are collected. */
    private static final class Entry {
        EnrolmentRequest request;
        final String keyHash;
        DeviceIdentity credentials;

        Entry(EnrolmentRequest request, String keyHash) {
            this.request = request;
            this.keyHash = keyHash;
        }
    }
}
