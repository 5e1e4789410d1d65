package org.salus.hub.internal.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.hub.device.DeviceIdentity;
import org.salus.hub.device.DeviceRegistryException;
import org.salus.hub.device.DeviceRegistryException.Reason;

class FileDeviceRegistryTest {

    private static final int ITERATIONS = 1_000;
    private static final Instant NOW = Instant.parse("2026-03-01T08:30:00Z");

    @TempDir
    Path dir;

    private Path file;
    private FileDeviceRegistry registry;

    @BeforeEach
    void open() {
        file = dir.resolve("data/devices.properties");
        registry = open(file);
    }

    private FileDeviceRegistry open(Path f) {
        FileDeviceRegistry r = new FileDeviceRegistry(Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
        r.configure(f, ITERATIONS, dir.resolve("data/enrolment"));
        return r;
    }

    @Test
    void enrolledDeviceSignsInWithItsSecretOnly() {
        DeviceIdentity issued = registry.enrol("dev-a1", "A");
        assertTrue(issued.hasSecret());
        assertTrue(issued.secret().length >= 40, "a 256-bit secret");

        Optional<DeviceIdentity> in = registry.authenticate("dev-a1", issued.secret());
        assertEquals(Optional.of(new DeviceIdentity("dev-a1", "A", NOW)), in);
        assertFalse(in.get().hasSecret(), "authentication never hands out the secret");

        assertEquals(Optional.empty(), registry.authenticate("dev-a1", "wrong".toCharArray()));
        assertEquals(Optional.empty(), registry.authenticate("dev-zz", issued.secret()), "unknown device");
        assertEquals(Optional.empty(), registry.authenticate("dev-a1", null));
        assertEquals(Optional.empty(), registry.authenticate(null, issued.secret()));
    }

    @Test
    void fileHoldsOnlyASaltedHashAndOnlyItsOwnerMayReadIt() throws Exception {
        DeviceIdentity a = registry.enrol("dev-a1", "A");
        DeviceIdentity b = registry.enrol("dev-a2", "A");
        String text = Files.readString(file);
        assertFalse(text.contains(new String(a.secret())), text);
        assertFalse(text.contains(new String(b.secret())), text);
        assertTrue(text.contains("dev-a1=A;2026-03-01T08:30:00Z;;pbkdf2-sha256:1000:"), text);
        assertEquals(DeviceFile.OWNER_ONLY, Files.getPosixFilePermissions(file));
        assertFalse(Files.exists(dir.resolve("data/devices.properties.tmp")), "no temporary file is left behind");
        assertEquals(List.of(a.withoutSecret(), b.withoutSecret()), registry.devices());
        assertTrue(registry.devices().stream().noneMatch(DeviceIdentity::hasSecret));
    }

    @Test
    void sameSecretHashesDifferentlyWithEachSalt() {
        SecretHash one = SecretHash.of("s".toCharArray(), ITERATIONS, new SecureRandom());
        SecretHash two = SecretHash.of("s".toCharArray(), ITERATIONS, new SecureRandom());
        assertNotEquals(one.encode(), two.encode());
        assertTrue(one.matches("s".toCharArray()));
        assertTrue(two.matches("s".toCharArray()));
        assertEquals(one, SecretHash.parse(one.encode()));
    }

    @Test
    void aRegistryReopenedOnTheSameFileKnowsItsDevices() {
        DeviceIdentity issued = registry.enrol("dev-b1", "B");
        FileDeviceRegistry reopened = open(file);
        assertEquals("B", reopened.authenticate("dev-b1", issued.secret()).orElseThrow().clinicId());
        assertEquals(List.of(issued.withoutSecret()), reopened.devices());
    }

    @Test
    void revokedDeviceNoLongerSignsInAndEnrollingItAgainIssuesANewSecret() {
        DeviceIdentity first = registry.enrol("dev-a1", "A");
        registry.revoke("dev-a1");
        registry.revoke("dev-a1"); // again: nothing changes
        assertEquals(Optional.empty(), registry.authenticate("dev-a1", first.secret()));
        assertEquals(List.of(), registry.devices());
        assertEquals(Optional.empty(), open(file).authenticate("dev-a1", first.secret()), "the revocation is saved");

        DeviceIdentity second = registry.enrol("dev-a1", "A");
        assertFalse(new String(first.secret()).equals(new String(second.secret())));
        assertEquals(Optional.empty(), registry.authenticate("dev-a1", first.secret()));
        assertTrue(registry.authenticate("dev-a1", second.secret()).isPresent());
    }

    @Test
    void refusesToEnrolTwiceOrRevokeAStranger() {
        registry.enrol("dev-a1", "A");
        DeviceRegistryException twice = assertThrows(DeviceRegistryException.class, () -> registry.enrol("dev-a1", "B"));
        assertEquals(Reason.ALREADY_ENROLLED, twice.reason());
        assertEquals("dev-a1", twice.deviceId());
        assertTrue(twice.getMessage().contains("already enrolled for clinic A"), twice.getMessage());

        DeviceRegistryException stranger = assertThrows(DeviceRegistryException.class, () -> registry.revoke("dev-x"));
        assertEquals(Reason.UNKNOWN_DEVICE, stranger.reason());
    }

    @Test
    void idsThatCouldEscapeTheirClinicAreRefused() {
        // a '-' in a clinic id would make clinic "A" a prefix of the client ids of a clinic "A-1"
        DeviceRegistryException dash = assertThrows(DeviceRegistryException.class, () -> registry.enrol("dev-1", "A-1"));
        assertEquals(Reason.INVALID_ID, dash.reason());
        assertTrue(dash.getMessage().contains("clinic id 'A-1'"), dash.getMessage());
        for (String clinic : new String[] { "A/B", "A.B", "+", "#", "", "A B" }) {
            assertEquals(Reason.INVALID_ID, assertThrows(DeviceRegistryException.class, () -> registry.enrol("dev-1", clinic)).reason(), clinic);
        }
        for (String device : new String[] { "../x", "a/b", "-x", "", "a=b", "a;b" }) {
            assertEquals(Reason.INVALID_ID, assertThrows(DeviceRegistryException.class, () -> registry.enrol(device, "A")).reason(), device);
        }
        assertEquals(List.of(), registry.devices());
    }

    @Test
    void aFailedSaveChangesNothingOnDiskOrInMemory() throws Exception {
        DeviceIdentity kept = registry.enrol("dev-a1", "A");
        byte[] before = Files.readAllBytes(file);
        // the temporary file cannot be created: the rename never happens
        Files.createDirectory(dir.resolve("data/devices.properties.tmp"));

        DeviceRegistryException e = assertThrows(DeviceRegistryException.class, () -> registry.enrol("dev-a2", "A"));
        assertEquals(Reason.STORAGE, e.reason());
        assertTrue(e.getMessage().contains("keeps its previous content"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(kept.withoutSecret()), registry.devices());
        assertThrows(DeviceRegistryException.class, () -> registry.revoke("dev-a1"));
        assertTrue(registry.authenticate("dev-a1", kept.secret()).isPresent(), "a failed revocation leaves the device enrolled");
    }

    @Test
    void aDamagedLineNamesTheDevice() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "dev-a1=A;not-a-time;;pbkdf2-sha256:1:AA:AA\n");
        DeviceRegistryException e = assertThrows(DeviceRegistryException.class, () -> open(file));
        assertEquals(Reason.STORAGE, e.reason());
        assertEquals("dev-a1", e.deviceId());
        assertTrue(e.getMessage().contains("damaged line for device dev-a1"), e.getMessage());
    }

    @Test
    void listedDevicesAreEnrolledOnceWithTheirSecretInAnOwnerOnlyFile() throws Exception {
        registry.enrolListed(new String[] { "dev-a1@A, dev-b1@B", "bad-entry" });
        Path secretFile = dir.resolve("data/enrolment/dev-a1.secret");
        char[] secret = Files.readString(secretFile, StandardCharsets.UTF_8).toCharArray();
        assertEquals("A", registry.authenticate("dev-a1", secret).orElseThrow().clinicId());
        assertEquals(DeviceFile.OWNER_ONLY, Files.getPosixFilePermissions(secretFile));
        assertTrue(Files.exists(dir.resolve("data/enrolment/dev-b1.secret")));
        assertEquals(2, registry.devices().size(), "the malformed entry is skipped");

        // configured again (a restart, or the operator deleted the secret file): the device keeps its secret
        Files.delete(secretFile);
        registry.enrolListed(new String[] { "dev-a1@A" });
        assertFalse(Files.exists(secretFile));
        assertTrue(registry.authenticate("dev-a1", secret).isPresent());

        // a device the operator revoked stays revoked even while it is still listed
        registry.revoke("dev-b1");
        registry.enrolListed(new String[] { "dev-b1@B" });
        assertEquals(List.of("dev-a1"), registry.devices().stream().map(DeviceIdentity::deviceId).toList());
    }

    @Test
    void identityNeverPrintsItsSecret() {
        DeviceIdentity issued = registry.enrol("dev-a1", "A");
        assertFalse(issued.toString().contains(new String(issued.secret())), issued.toString());
        char[] copy = issued.secret();
        copy[0] = '!';
        assertNotEquals('!', issued.secret()[0], "the record hands out copies");
    }
}
