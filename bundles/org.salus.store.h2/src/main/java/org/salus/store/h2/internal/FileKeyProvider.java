package org.salus.store.h2.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.salus.core.store.DatabaseKeyProvider;
import org.salus.core.store.StoreException;

/**
 * The default database key: 32 random bytes, hex, in a key file next to the database, created on first start with
 * owner-only permissions (0600). Registered with a low ranking so that a security bundle's provider (secure storage)
 * replaces it.
 */
@Component(name = "org.salus.store.h2.keyfile", configurationPid = StoreConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "service.ranking:Integer=-100")
public class FileKeyProvider implements DatabaseKeyProvider {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path keyFile;

    @Activate
    public FileKeyProvider(StoreConfig config) {
        this(keyFileOf(config));
    }

    public FileKeyProvider(Path keyFile) {
        this.keyFile = keyFile.toAbsolutePath().normalize();
    }

    /** The key file a configuration names: keyFile, or the database path with ".key". */
    static Path keyFileOf(StoreConfig config) {
        if (config.keyFile() != null && !config.keyFile().isBlank()) {
            return Paths.get(config.keyFile().trim());
        }
        return Paths.get(config.path() + ".key");
    }

    public Path keyFile() {
        return keyFile;
    }

    @Override
    public char[] databaseKey(String storeName) {
        try {
            if (!Files.exists(keyFile)) {
                create();
            }
            return read();
        } catch (IOException e) {
            throw new StoreException("the key file " + keyFile + " cannot be read or created: " + e.getMessage(), e);
        }
    }

    private void create() throws IOException {
        Files.createDirectories(keyFile.getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        byte[] hex = HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(key, (byte) 0);
        boolean posix = keyFile.getFileSystem().supportedFileAttributeViews().contains("posix");
        try (FileChannel ch = posix
                ? FileChannel.open(keyFile, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : FileChannel.open(keyFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(hex));
            ch.force(true);
        } catch (FileAlreadyExistsException e) {
            // another start made it at the same moment: use that one
        } finally {
            Arrays.fill(hex, (byte) 0);
        }
    }

    private char[] read() throws IOException {
        if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
            if (perms.stream().anyMatch(p -> p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE)) {
                throw new StoreException("the key file " + keyFile + " can be read by others (" + PosixFilePermissions.toString(perms)
                        + "): allow only its owner (chmod 600) and start again");
            }
        }
        byte[] raw = Files.readAllBytes(keyFile);
        try {
            int end = raw.length;
            while (end > 0 && Character.isWhitespace(raw[end - 1])) {
                end--;
            }
            CharBuffer chars = StandardCharsets.US_ASCII.decode(ByteBuffer.wrap(raw, 0, end));
            char[] key = new char[chars.remaining()];
            chars.get(key);
            Arrays.fill(chars.array(), '\0');
            if (key.length < 32 || !isHex(key)) {
                Arrays.fill(key, '\0');
                throw new StoreException("the key file " + keyFile + " does not hold a hex key of at least 32 characters");
            }
            return key;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static boolean isHex(char[] chars) {
        for (char c : chars) {
            if (Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String describe() {
        return "key file " + keyFile;
    }
}
