package org.salus.hub.internal.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.salus.hub.device.DeviceIdentity;
import org.salus.hub.device.DeviceRegistry;
import org.salus.hub.device.DeviceRegistryException;
import org.salus.hub.device.DeviceRegistryException.Reason;

/**
 * The hub's devices, kept in a file in the hub's data folder. Only a salted PBKDF2 hash of each secret is stored.
 * Until devices enrol themselves with a pairing code, an operator enrols them by listing {@code deviceId@clinicId}
 * in {@code enrol}: each new device's secret is written once to its own file in {@code secretsDir}.
 */
@Component(name = FileDeviceRegistry.PID, configurationPid = FileDeviceRegistry.PID, immediate = true, service = DeviceRegistry.class)
@Designate(ocd = FileDeviceRegistry.Config.class)
public class FileDeviceRegistry implements DeviceRegistry {

    static final String PID = "org.salus.hub.devices";
    static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern CLINIC_ID = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final int SECRET_BYTES = 32;

    @ObjectClassDefinition(name = "Salus hub device registry", description = "Where the hub keeps its enrolled devices.")
    public @interface Config {
        @AttributeDefinition(name = "Registry file", description = "Relative paths start at the hub's working directory.")
        String file() default "data/devices.properties";

        @AttributeDefinition(name = "Hash iterations", description = "PBKDF2 iterations for new secrets. Secrets are 256 random bits, "
                + "so a high count adds no safety, while every device connection pays for it.")
        int hashIterations() default 10_000;

        @AttributeDefinition(name = "Enrol", description = "Devices to enrol when missing, as deviceId@clinicId, separated by commas. "
                + "A device once enrolled (or revoked) is not enrolled again from here.")
        String[] enrol() default {};

        @AttributeDefinition(name = "Secrets folder", description = "Where the secret of each device enrolled from 'enrol' is written once, "
                + "as <deviceId>.secret, readable by the hub's user only.")
        String secretsDir() default "data/enrolment";
    }

    private final Clock clock;
    private final SecureRandom random;
    private final ExecutorService enrolments = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "salus-hub-enrol-listed");
        t.setDaemon(true);
        return t;
    });
    private volatile DeviceFile file;
    private volatile int iterations;
    private volatile Path secretsDir;
    /** Replaced whole on every change, so authentication reads it without a lock. */
    private volatile Map<String, DeviceRecord> devices = Map.of();
    /** Checked against when the device is unknown, so an unknown device takes as long as a wrong secret. */
    private volatile SecretHash decoy;

    @Activate
    public FileDeviceRegistry(Config config) {
        this(Clock.systemUTC(), new SecureRandom());
        modified(config);
    }

    FileDeviceRegistry(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    @Modified
    void modified(Config config) {
        configure(Path.of(config.file()), config.hashIterations(), Path.of(config.secretsDir()));
        // in the background: a long list (each device a hash and a write of the registry file) must not hold up the
        // registry's activation, which the broker, the sync service and enrolment wait for
        String[] listed = config.enrol().clone();
        if (listed.length > 0) {
            enrolments.execute(() -> enrolListed(listed));
        }
    }

    @Deactivate
    void deactivate() {
        enrolments.shutdownNow();
    }

    synchronized void configure(Path registryFile, int hashIterations, Path secrets) {
        if (hashIterations < 1) {
            throw new IllegalArgumentException("hashIterations must be at least 1 in " + PID + ", was " + hashIterations);
        }
        DeviceFile f = new DeviceFile(registryFile);
        Map<String, DeviceRecord> loaded = f.read();
        this.file = f;
        this.iterations = hashIterations;
        this.secretsDir = secrets.toAbsolutePath().normalize();
        this.decoy = SecretHash.of("decoy".toCharArray(), hashIterations, random);
        this.devices = Map.copyOf(loaded);
    }

    @Override
    public Optional<DeviceIdentity> authenticate(String username, char[] password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        DeviceRecord d = devices.get(username);
        if (d == null || d.revoked()) {
            decoy.matches(password);
            return Optional.empty();
        }
        return d.secretHash().matches(password) ? Optional.of(d.identity()) : Optional.empty();
    }

    @Override
    public synchronized DeviceIdentity enrol(String deviceId, String clinicId) {
        return enrol(deviceId, clinicId, secret -> { });
    }

    /** Receives a new secret before the registry saves its hash; if it fails, the device is not enrolled. */
    interface SecretHandover {
        void accept(char[] secret) throws IOException;
    }

    private DeviceIdentity enrol(String deviceId, String clinicId, SecretHandover handover) {
        requireValid(deviceId, DEVICE_ID, deviceId, "device id", "letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters");
        requireValid(clinicId, CLINIC_ID, deviceId, "clinic id", "letters, digits and '_', at most 64 characters");
        DeviceRecord existing = devices.get(deviceId);
        if (existing != null && !existing.revoked()) {
            throw new DeviceRegistryException(Reason.ALREADY_ENROLLED, deviceId, "Device " + deviceId + " is already enrolled for clinic "
                    + existing.clinicId() + " since " + existing.enrolledAt() + "; revoke it first to issue a new secret");
        }
        char[] secret = newSecret();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SecretHash hash = SecretHash.of(secret, iterations, random);
        try {
            handover.accept(secret);
        } catch (IOException e) {
            throw new DeviceRegistryException(Reason.STORAGE, deviceId, "Cannot hand over the secret of device " + deviceId + ": " + e, e);
        }
        save(new DeviceRecord(deviceId, clinicId, now, null, hash));
        return new DeviceIdentity(deviceId, clinicId, now, secret);
    }

    @Override
    public synchronized void revoke(String deviceId) {
        DeviceRecord d = deviceId == null ? null : devices.get(deviceId);
        if (d == null) {
            throw new DeviceRegistryException(Reason.UNKNOWN_DEVICE, deviceId, "Device " + deviceId + " was never enrolled with this hub "
                    + "(registry " + file.path() + ")");
        }
        if (!d.revoked()) {
            save(d.revokeAt(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        }
    }

    @Override
    public List<DeviceIdentity> devices() {
        List<DeviceIdentity> active = new ArrayList<>();
        for (DeviceRecord d : new TreeMap<>(devices).values()) {
            if (!d.revoked()) {
                active.add(d.identity());
            }
        }
        return active;
    }

    /** Writes the file first: if that fails, nothing changes, in memory or on disk. */
    private void save(DeviceRecord changed) {
        Map<String, DeviceRecord> next = new TreeMap<>(devices);
        next.put(changed.deviceId(), changed);
        file.write(next.values());
        devices = Map.copyOf(next);
    }

    private char[] newSecret() {
        byte[] raw = new byte[SECRET_BYTES];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw).toCharArray();
    }

    private static void requireValid(String value, Pattern rule, String deviceId, String what, String allowed) {
        if (value == null || !rule.matcher(value).matches()) {
            throw new DeviceRegistryException(Reason.INVALID_ID, deviceId, "The " + what + " '" + value + "' is not valid: use " + allowed);
        }
    }

    /** Enrols each listed device that this registry has never seen and writes its secret to its own file. */
    synchronized void enrolListed(String[] entries) {
        for (String entry : entries) {
            for (String item : entry.split("[,\\s]+")) {
                if (!item.isBlank()) {
                    enrolListed(item.trim());
                }
            }
        }
    }

    private void enrolListed(String item) {
        int at = item.indexOf('@');
        if (at <= 0 || at != item.lastIndexOf('@') || at == item.length() - 1) {
            System.out.println("Salus hub cannot enrol '" + item + "' from " + PID + " enrol: write each device as deviceId@clinicId");
            return;
        }
        String deviceId = item.substring(0, at);
        String clinicId = item.substring(at + 1);
        DeviceRecord known = devices.get(deviceId);
        if (known != null) {
            if (!known.clinicId().equals(clinicId)) {
                System.out.println("Salus hub did not enrol " + deviceId + " for clinic " + clinicId + ": it is already "
                        + (known.revoked() ? "revoked" : "enrolled") + " for clinic " + known.clinicId());
            }
            return;
        }
        if (!DEVICE_ID.matcher(deviceId).matches() || !CLINIC_ID.matcher(clinicId).matches()) {
            System.out.println("Salus hub cannot enrol '" + item + "' from " + PID + " enrol: a device id has letters, digits, '.', '_' "
                    + "and '-'; a clinic id has letters, digits and '_'");
            return;
        }
        Path secretFile = secretsDir.resolve(deviceId + ".secret");
        boolean[] written = { false };
        try {
            enrol(deviceId, clinicId, secret -> {
                DeviceFile.writeAtomically(secretFile, new String(secret).getBytes(StandardCharsets.UTF_8));
                written[0] = true;
            });
            System.out.println("Salus hub enrolled device " + deviceId + " for clinic " + clinicId + ": give the device the secret in "
                    + secretFile + ", then delete that file");
        } catch (DeviceRegistryException e) {
            if (written[0]) {
                deleteQuietly(secretFile);
            }
            System.out.println("Salus hub cannot enrol " + deviceId + " for clinic " + clinicId + ": " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the secret file was never complete, or cannot be removed; the device is not enrolled either way
        }
    }
}
