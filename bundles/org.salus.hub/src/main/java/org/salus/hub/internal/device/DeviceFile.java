package org.salus.hub.internal.device;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import org.salus.hub.device.DeviceRegistryException;
import org.salus.hub.device.DeviceRegistryException.Reason;

/**
 * The registry's file: one line per device, {@code <deviceId>=<clinicId>;<enrolledAt>;<revokedAt or empty>;<hash>}.
 * It is replaced whole through a temporary file and a rename, so a crash leaves either the old or the new file.
 */
final class DeviceFile {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    DeviceFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    Path path() {
        return file;
    }

    /** @return the devices by id; empty when the file does not exist yet */
    Map<String, DeviceRecord> read() {
        Properties lines = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.load(in);
        } catch (NoSuchFileException none) {
            return new TreeMap<>();
        } catch (IOException e) {
            throw new DeviceRegistryException(Reason.STORAGE, null, "Cannot read the device registry " + file + ": " + e.getMessage(), e);
        }
        Map<String, DeviceRecord> devices = new TreeMap<>();
        for (String deviceId : lines.stringPropertyNames()) {
            devices.put(deviceId, parse(deviceId, lines.getProperty(deviceId)));
        }
        return devices;
    }

    private DeviceRecord parse(String deviceId, String line) {
        String[] f = line.split(";", -1);
        try {
            if (f.length != 4) {
                throw new IllegalArgumentException("expected 4 fields separated by ';', found " + f.length);
            }
            return new DeviceRecord(deviceId, f[0], Instant.parse(f[1]), f[2].isEmpty() ? null : Instant.parse(f[2]), SecretHash.parse(f[3]));
        } catch (RuntimeException e) {
            throw new DeviceRegistryException(Reason.STORAGE, deviceId, "The device registry " + file + " has a damaged line for device "
                    + deviceId + " (" + e.getMessage() + "); restore the file from a backup or revoke and enrol the device again", e);
        }
    }

    void write(Collection<DeviceRecord> devices) {
        StringBuilder text = new StringBuilder("# Salus hub device registry: <deviceId>=<clinicId>;<enrolledAt>;<revokedAt>;<secret hash>\n");
        for (DeviceRecord d : devices) {
            text.append(d.deviceId()).append('=').append(d.clinicId()).append(';').append(d.enrolledAt()).append(';')
                    .append(d.revoked() ? d.revokedAt().toString() : "").append(';').append(d.secretHash().encode()).append('\n');
        }
        try {
            writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeviceRegistryException(Reason.STORAGE, null, "Cannot save the device registry " + file + ": " + e
                    + "; the file keeps its previous content. Check that the hub may write to " + file.getParent(), e);
        }
    }

    /**
     * Writes a file that only its owner can read: the bytes go to a temporary file beside it, which is flushed to
     * disk and then renamed over the target, and the folder is flushed so the rename itself survives a power loss.
     */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ownerOnly(tmp);
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException notOnThisFileSystem) {
            // some platforms cannot open a folder for flushing; the rename has still replaced the file whole
        }
    }

    private static void ownerOnly(Path p) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, OWNER_ONLY);
        }
    }
}
