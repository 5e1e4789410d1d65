package org.salus.security.internal.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.store.StoreException;

/** The hub's key files: created owner-only, read back the same, refused when others could read them. */
class OwnerOnlyKeyFileProviderTest {

    @TempDir
    Path dir;

    @Test
    void aKeyIsCreatedOnceWithOwnerOnlyPermissionsAndReadBackTheSame() throws Exception {
        Path keys = dir.resolve("keys");
        OwnerOnlyKeyFileProvider p = new OwnerOnlyKeyFileProvider(keys, null);
        char[] first = p.databaseKey("clinic");
        char[] second = new OwnerOnlyKeyFileProvider(keys, null).databaseKey("clinic");
        assertEquals(64, first.length);
        assertArrayEquals(first, second);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("clinic.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        assertFalse(new String(p.databaseKey("hub")).equals(new String(first)), "each store has its own key");
        assertFalse(p.describe().contains(new String(first)));
    }

    @Test
    void aKeyOthersCanReadIsRefused() throws Exception {
        OwnerOnlyKeyFileProvider p = new OwnerOnlyKeyFileProvider(dir, null);
        p.databaseKey("clinic");
        Files.setPosixFilePermissions(dir.resolve("clinic.key"), PosixFilePermissions.fromString("rw-r--r--"));
        StoreException e = assertThrows(StoreException.class, () -> p.databaseKey("clinic"));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void aDirectoryOthersCanWriteIsRefused() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        StoreException e = assertThrows(StoreException.class, () -> new OwnerOnlyKeyFileProvider(dir, null).databaseKey("clinic"));
        assertTrue(e.getMessage().contains("chmod 700"), e.getMessage());
    }

    @Test
    void aDamagedKeyFileSaysWhatLosingTheKeyMeans() throws Exception {
        Files.writeString(dir.resolve("clinic.key"), "not a key");
        Files.setPosixFilePermissions(dir.resolve("clinic.key"), PosixFilePermissions.fromString("rw-------"));
        StoreException e = assertThrows(StoreException.class, () -> new OwnerOnlyKeyFileProvider(dir, null).databaseKey("clinic"));
        assertTrue(e.getMessage().contains("cannot be read by anyone"), e.getMessage());
        assertTrue(e.getMessage().contains("no way to recover"), e.getMessage());
    }

    @Test
    void theTemporaryProvidersKeyIsAdoptedSoAnExistingStoreStaysReadable() throws Exception {
        Path old = dir.resolve("clinic.key.old");
        String key = "0123456789abcdef".repeat(4);
        Files.writeString(old, key + "\n");
        char[] adopted = new OwnerOnlyKeyFileProvider(dir.resolve("keys"), old).databaseKey("clinic");
        assertEquals(key, new String(adopted));
    }

    @Test
    void storeNamesCannotLeaveTheDirectory() {
        OwnerOnlyKeyFileProvider p = new OwnerOnlyKeyFileProvider(dir, null);
        assertThrows(StoreException.class, () -> p.databaseKey("../etc/passwd"));
        assertThrows(StoreException.class, () -> p.databaseKey(""));
    }
}
