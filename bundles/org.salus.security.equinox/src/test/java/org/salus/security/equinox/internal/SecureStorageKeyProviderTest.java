package org.salus.security.equinox.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.store.StoreException;

/**
 * The provider's own logic against an in-memory stand-in for secure storage (the real storage needs a running
 * Equinox and a master password): a key is made once, kept encrypted, read back the same, adopted from the temporary
 * key file, and a storage that fails says what losing the key means.
 */
class SecureStorageKeyProviderTest {

    @TempDir
    Path dir;

    /** path/key to value; a value's encryption flag is kept beside it. */
    final Map<String, String> values = new HashMap<>();
    final Map<String, Boolean> encrypted = new HashMap<>();
    int flushes;
    boolean failReads;

    @Test
    void aKeyIsGeneratedOnceKeptEncryptedAndReadBackTheSame() {
        char[] first = new SecureStorageKeyProvider(this::root, "test storage", null).databaseKey("clinic");
        char[] second = new SecureStorageKeyProvider(this::root, "test storage", null).databaseKey("clinic");
        assertEquals(64, first.length);
        assertTrue(new String(first).matches("[0-9a-f]{64}"));
        assertArrayEquals(first, second);
        assertEquals(Boolean.TRUE, encrypted.get(SecureStorageKeyProvider.NODE + "/clinic"), "stored encrypted");
        assertEquals(1, flushes, "saved once, when it was made");
        char[] other = new SecureStorageKeyProvider(this::root, "test storage", null).databaseKey("hub");
        assertTrue(!new String(other).equals(new String(first)), "each store has its own key");
    }

    @Test
    void theTemporaryKeyFileIsAdoptedSoAnExistingStoreStaysReadable() throws Exception {
        String key = "89abcdef01234567".repeat(4);
        Path old = dir.resolve("clinic.key");
        Files.writeString(old, key + "\n");
        assertEquals(key, new String(new SecureStorageKeyProvider(this::root, "test storage", old).databaseKey("clinic")));
        assertEquals(key, values.get(SecureStorageKeyProvider.NODE + "/clinic"));
    }

    @Test
    void aStorageThatCannotBeReadSaysWhatLosingTheKeyMeans() {
        failReads = true;
        StoreException e = assertThrows(StoreException.class, () -> new SecureStorageKeyProvider(this::root, "test storage", null).databaseKey("clinic"));
        assertTrue(e.getMessage().contains("master password"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be read by anyone") && e.getMessage().contains("no way to recover it"), e.getMessage());
        StoreException none = assertThrows(StoreException.class, () -> new SecureStorageKeyProvider(() -> null, "none", null).databaseKey("clinic"));
        assertTrue(none.getMessage().contains("not available"), none.getMessage());
    }

    @Test
    void aDamagedEntryIsRefused() {
        values.put(SecureStorageKeyProvider.NODE + "/clinic", "not a key");
        StoreException e = assertThrows(StoreException.class, () -> new SecureStorageKeyProvider(this::root, "test storage", null).databaseKey("clinic"));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    private ISecurePreferences root() {
        return node("");
    }

    /** A node of the stand-in: only what the provider uses (node, get, put, flush). */
    private ISecurePreferences node(String path) {
        return (ISecurePreferences) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ISecurePreferences.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "node" -> node((String) args[0]);
                    case "get" -> {
                        if (failReads) {
                            throw new StorageException(StorageException.NO_PASSWORD, "No password provided.");
                        }
                        yield values.getOrDefault(path + "/" + args[0], (String) args[1]);
                    }
                    case "put" -> {
                        values.put(path + "/" + args[0], (String) args[1]);
                        encrypted.put(path + "/" + args[0], (Boolean) args[2]);
                        yield null;
                    }
                    case "flush" -> {
                        flushes++;
                        yield null;
                    }
                    case "toString" -> "node " + path;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
