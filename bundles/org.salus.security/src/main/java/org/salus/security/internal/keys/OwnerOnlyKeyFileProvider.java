package org.salus.security.internal.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.core.store.DatabaseKeyProvider;
import org.salus.core.store.StoreException;

/**
 * The hub's database keys: one file per store, {@code <directory>/<store>.key}, 32 random bytes as hex, created with
 * mode 0600 in a directory of mode 0700, and refused when anyone but its owner (the user the hub runs as) could read
 * it. Ranked above the store's temporary key file; the workstation uses secure storage instead.
 */
@Component(name = KeyFileConfig.PID, configurationPid = KeyFileConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "service.ranking:Integer=50")
@Designate(ocd = KeyFileConfig.class)
public class OwnerOnlyKeyFileProvider implements DatabaseKeyProvider {

    /** What losing a key means, said wherever a key cannot be had. */
    public static final String LOSS = "Without its key the clinic data encrypted with it cannot be read by anyone: there is no"
            + " other copy and no way to recover it. Restore the key from your key backup; if there is none, set this"
            + " device up again and pull the clinic's data from the hub.";

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Path directory;
    private final Path adopt;

    @Activate
    public OwnerOnlyKeyFileProvider(KeyFileConfig config) {
        this(Paths.get(required(config.directory())), config.adoptKeyFile() == null || config.adoptKeyFile().isBlank() ? null
                : Paths.get(config.adoptKeyFile().trim()));
    }

    /**
     * @param directory where the key files live
     * @param adopt a key file of the store's temporary provider whose key is taken over when this directory has none, or null
     */
    public OwnerOnlyKeyFileProvider(Path directory, Path adopt) {
        this.directory = directory.toAbsolutePath().normalize();
        this.adopt = adopt == null ? null : adopt.toAbsolutePath().normalize();
    }

    private static String required(String dir) {
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException(KeyFileConfig.PID + ".directory must name the key directory");
        }
        return dir.trim();
    }

    /** The key file of a store. */
    public Path keyFile(String storeName) {
        if (storeName == null || !STORE_NAME.matcher(storeName).matches()) {
            throw new StoreException("'" + storeName + "' is not a store name this provider keeps a key for");
        }
        return directory.resolve(storeName + ".key");
    }

    @Override
    public char[] databaseKey(String storeName) {
        Path file = keyFile(storeName);
        try {
            prepareDirectory();
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                create(file);
            }
            return read(file);
        } catch (IOException e) {
            throw new StoreException("The key file " + file + " cannot be read or created: " + e.getMessage() + ". " + LOSS, e);
        }
    }

    private void prepareDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            if (posix()) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            } else {
                Files.createDirectories(directory);
            }
        }
        if (posix()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(directory);
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new StoreException("The key directory " + directory + " can be written by others (" + PosixFilePermissions.toString(perms)
                        + "), so a key could be swapped: allow only its owner (chmod 700) and start again.");
            }
        }
    }

    private void create(Path file) throws IOException {
        byte[] hex = adoptedKey();
        if (hex == null) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            hex = HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII);
            Arrays.fill(key, (byte) 0);
        }
        try (FileChannel ch = posix()
                ? FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_FILE))
                : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(hex));
            ch.force(true);
        } catch (FileAlreadyExistsException e) {
            // made by a start at the same moment: read that one
        } finally {
            Arrays.fill(hex, (byte) 0);
        }
    }

    /** The key of the file to adopt, when one is configured and holds a valid key; else null. */
    private byte[] adoptedKey() throws IOException {
        if (adopt == null || !Files.isRegularFile(adopt)) {
            return null;
        }
        char[] key = parse(adopt, Files.readAllBytes(adopt));
        byte[] hex = new String(key).getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(key, '\0');
        return hex;
    }

    private char[] read(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new StoreException("The key file " + file + " is a symbolic link; keep the key in a plain file owned by the hub's user.");
        }
        if (posix()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_FILE.containsAll(perms)) {
                throw new StoreException("The key file " + file + " can be read by others (" + PosixFilePermissions.toString(perms)
                        + "): allow only its owner (chmod 600) and start again. Consider the key seen: plan to move the data to a new key.");
            }
            String owner = Files.getOwner(file).getName();
            String me = System.getProperty("user.name");
            if (me != null && !owner.equals(me)) {
                throw new StoreException("The key file " + file + " belongs to " + owner + ", not to " + me
                        + " who runs the hub: give it to " + me + " (chown) and start again.");
            }
        }
        return parse(file, Files.readAllBytes(file));
    }

    private static char[] parse(Path file, byte[] raw) {
        try {
            int end = raw.length;
            while (end > 0 && Character.isWhitespace(raw[end - 1])) {
                end--;
            }
            char[] key = new char[end];
            for (int i = 0; i < end; i++) {
                key[i] = (char) (raw[i] & 0xff);
            }
            if (key.length != 64 || !isHex(key)) {
                Arrays.fill(key, '\0');
                throw new StoreException("The key file " + file + " does not hold a key (64 hex digits). " + LOSS);
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

    private boolean posix() {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public String describe() {
        return "owner-only key files in " + directory;
    }
}
