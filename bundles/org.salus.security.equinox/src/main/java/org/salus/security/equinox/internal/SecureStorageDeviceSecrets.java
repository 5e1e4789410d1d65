package org.salus.security.equinox.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.StorageException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.salus.device.DeviceSecrets;
import org.salus.security.equinox.internal.SecureStorageKeyProvider.Storage;

/**
 * The device secret the hub issued at enrolment, encrypted in Eclipse secure storage under {@value #NODE} (the same
 * storage and master password as the database keys). Ranked above the plain owner-only files.
 */
@Component(configurationPid = SecureStorageConfig.PID, property = "service.ranking:Integer=100")
public class SecureStorageDeviceSecrets implements DeviceSecrets {

    public static final String NODE = "/org.salus/device-secrets";
    /** The device ids the hub enrols. */
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Storage storage;
    private final String description;

    @Activate
    public SecureStorageDeviceSecrets(SecureStorageConfig config) {
        this(SecureStorageKeyProvider.eclipseStorage(config), "Eclipse secure storage "
                + (config.location() == null || config.location().isBlank() ? "(the user's default)" : config.location().trim()) + ", node " + NODE);
    }

    public SecureStorageDeviceSecrets(Storage storage, String description) {
        this.storage = storage;
        this.description = description;
    }

    @Override
    public void keep(String deviceId, char[] secret) {
        check(deviceId);
        try {
            ISecurePreferences root = open();
            root.node(NODE).put(deviceId, new String(secret), true);
            root.flush();
        } catch (StorageException | IOException e) {
            throw new IllegalStateException("the secret of device " + deviceId + " cannot be kept in " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<char[]> secret(String deviceId) {
        check(deviceId);
        try {
            String s = open().node(NODE).get(deviceId, null);
            return s == null ? Optional.empty() : Optional.of(s.toCharArray());
        } catch (StorageException | IOException e) {
            throw new IllegalStateException("the secret of device " + deviceId + " cannot be read from " + description + ": " + e.getMessage()
                    + " (is the master password, or the OS keyring that holds it, available?)", e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    private ISecurePreferences open() throws IOException {
        ISecurePreferences root = storage.open();
        if (root == null) {
            throw new IOException("Eclipse secure storage is not available on this workstation");
        }
        return root;
    }

    private static void check(String deviceId) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("'" + deviceId + "' is not a device id");
        }
    }
}
