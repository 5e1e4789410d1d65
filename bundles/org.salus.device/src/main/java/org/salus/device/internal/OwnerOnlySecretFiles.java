package org.salus.device.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.salus.device.DeviceSecrets;
import org.salus.sync.wire.SyncTopics;

/**
 * Device secrets in files only their owner may read (0600), in this bundle's data folder: where no better store runs
 * (a framework without Eclipse secure storage). Ranked below the workstation's secure storage.
 */
@Component(property = "service.ranking:Integer=0")
public class OwnerOnlySecretFiles implements DeviceSecrets {

    private final Path dir;

    @Activate
    public OwnerOnlySecretFiles(BundleContext context) {
        this(context.getDataFile("device-secrets").toPath());
    }

    OwnerOnlySecretFiles(Path dir) {
        this.dir = dir;
    }

    @Override
    public synchronized void keep(String deviceId, char[] secret) {
        Path file = file(deviceId);
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, raw);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("the secret of device " + deviceId + " cannot be written to " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public synchronized Optional<char[]> secret(String deviceId) {
        Path file = file(deviceId);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            byte[] raw = Files.readAllBytes(file);
            try {
                CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw));
                char[] out = new char[chars.remaining()];
                chars.get(out);
                return Optional.of(out);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the secret of device " + deviceId + " cannot be read from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "the owner-only files in " + dir;
    }

    private Path file(String deviceId) {
        if (deviceId == null || !SyncTopics.DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("'" + deviceId + "' is not a device id");
        }
        return dir.resolve(deviceId + ".secret");
    }
}
