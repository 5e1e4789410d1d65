package org.salus.security.equinox.internal;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.spec.PBEKeySpec;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.equinox.security.storage.provider.IProviderHints;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.core.store.DatabaseKeyProvider;
import org.salus.core.store.StoreException;

/**
 * The workstation's database keys: generated on this device (32 random bytes, hex) and kept encrypted in Eclipse
 * secure storage under {@value #NODE}, one entry per store. Secure storage encrypts them with a master password
 * from the platform (an OS keyring, the macOS Keychain, Windows data protection) or from a configured file. Ranked
 * above the store's temporary key file.
 */
@Component(name = SecureStorageConfig.PID, configurationPid = SecureStorageConfig.PID, property = "service.ranking:Integer=100")
@Designate(ocd = SecureStorageConfig.class)
public class SecureStorageKeyProvider implements DatabaseKeyProvider {

    /** The secure storage node that holds the keys. */
    public static final String NODE = "/org.salus/database-keys";

    /** What losing a key means, said wherever a key cannot be had. */
    public static final String LOSS = "Without its key the clinic data on this workstation cannot be read by anyone: there is no"
            + " other copy of the key and no way to recover it. Restore the secure storage (and its master password) from a"
            + " backup; if there is none, set this workstation up again and pull the clinic's data from the hub.";

    private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Opens the secure storage root; the component opens Eclipse's, a unit test its own. */
    @FunctionalInterface
    public interface Storage {
        ISecurePreferences open() throws IOException;
    }

    private final Storage storage;
    private final String description;
    private final Path adopt;

    @Activate
    public SecureStorageKeyProvider(SecureStorageConfig config) {
        this(eclipseStorage(config), describe(config), blank(config.adoptKeyFile()) ? null : Paths.get(config.adoptKeyFile().trim()));
    }

    /**
     * @param storage opens the secure storage root
     * @param description where the keys are, for messages
     * @param adopt a key file of the store's temporary provider whose key is taken over when the storage has none, or null
     */
    public SecureStorageKeyProvider(Storage storage, String description, Path adopt) {
        this.storage = storage;
        this.description = description;
        this.adopt = adopt;
    }

    @Override
    public char[] databaseKey(String storeName) {
        if (storeName == null || !STORE_NAME.matcher(storeName).matches()) {
            throw new StoreException("'" + storeName + "' is not a store name this provider keeps a key for");
        }
        try {
            ISecurePreferences root = storage.open();
            if (root == null) {
                throw new StoreException("Eclipse secure storage is not available on this workstation, so the key of the clinic store '"
                        + storeName + "' cannot be had. " + LOSS);
            }
            ISecurePreferences node = root.node(NODE);
            String key = node.get(storeName, null);
            if (key == null) {
                key = adoptedOrNewKey();
                node.put(storeName, key, true);
                root.flush();
            }
            if (key.length() != 64 || !key.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new StoreException("The key of the clinic store '" + storeName + "' in " + description + " is damaged. " + LOSS);
            }
            return key.toCharArray();
        } catch (StorageException e) {
            throw new StoreException("The key of the clinic store '" + storeName + "' cannot be read from " + description + ": "
                    + e.getMessage() + " (is the master password, or the OS keyring that holds it, available?). " + LOSS, e);
        } catch (IOException e) {
            throw new StoreException("The secure storage " + description + " cannot be opened or saved: " + e.getMessage() + ". " + LOSS, e);
        }
    }

    private String adoptedOrNewKey() throws IOException {
        if (adopt != null && Files.isRegularFile(adopt)) {
            String old = Files.readString(adopt, StandardCharsets.US_ASCII).strip();
            if (old.length() == 64 && old.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return old;
            }
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        try {
            return HexFormat.of().formatHex(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    static Storage eclipseStorage(SecureStorageConfig config) {
        String location = config.location() == null ? "" : config.location().trim();
        String passwordFile = config.masterPasswordFile() == null ? "" : config.masterPasswordFile().trim();
        return () -> {
            Map<Object, Object> options = new HashMap<>();
            if (!passwordFile.isEmpty()) {
                options.put(IProviderHints.DEFAULT_PASSWORD, new PBEKeySpec(masterPassword(Paths.get(passwordFile))));
                options.put(IProviderHints.PROMPT_USER, Boolean.FALSE);
            }
            if (location.isEmpty() && options.isEmpty()) {
                return SecurePreferencesFactory.getDefault();
            }
            try {
                return SecurePreferencesFactory.open(location.isEmpty() ? null : new File(location).toURI().toURL(), options);
            } catch (MalformedURLException e) {
                throw new IOException("the storage file " + location + " is not a valid location", e);
            }
        };
    }

    /** The master password from its file, refused when others could read the file. */
    private static char[] masterPassword(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new IOException("the master password file " + file + " can be read by others (" + PosixFilePermissions.toString(perms)
                        + "): allow only its owner (chmod 600)");
            }
        }
        byte[] raw = Files.readAllBytes(file);
        try {
            return new String(raw, StandardCharsets.UTF_8).strip().toCharArray();
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static String describe(SecureStorageConfig config) {
        return "Eclipse secure storage " + (blank(config.location()) ? "(the user's default)" : config.location().trim()) + ", node " + NODE;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
