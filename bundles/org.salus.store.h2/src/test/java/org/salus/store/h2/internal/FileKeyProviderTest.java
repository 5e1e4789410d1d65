package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.store.StoreException;

class FileKeyProviderTest {

    @TempDir
    Path dir;

    @Test
    void createsA32ByteHexKeyReadableOnlyByItsOwnerAndKeepsIt() throws Exception {
        Path file = dir.resolve("keys/clinic.key");
        FileKeyProvider keys = new FileKeyProvider(file);
        char[] first = keys.databaseKey("clinic");
        assertEquals(64, first.length);
        assertTrue(new String(first).matches("[0-9a-f]{64}"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(first, new FileKeyProvider(file).databaseKey("clinic"));
        assertTrue(keys.describe().equals("key file " + file), keys.describe());
        assertTrue(!keys.describe().contains(new String(first)));
    }

    @Test
    void refusesAKeyFileOthersCanRead() throws Exception {
        Path file = dir.resolve("clinic.key");
        FileKeyProvider keys = new FileKeyProvider(file);
        keys.databaseKey("clinic");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        StoreException e = assertThrows(StoreException.class, () -> keys.databaseKey("clinic"));
        assertTrue(e.getMessage().contains("can be read by others (rw-r--r--)"), e.getMessage());
    }

    @Test
    void refusesAKeyFileThatHoldsNoKey() throws Exception {
        Path file = dir.resolve("clinic.key");
        Files.writeString(file, "not a key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        StoreException e = assertThrows(StoreException.class, () -> new FileKeyProvider(file).databaseKey("clinic"));
        assertTrue(e.getMessage().contains("does not hold a hex key"), e.getMessage());
    }

    @Test
    void theConfiguredKeyFileOrOneBesideTheDatabase() {
        assertEquals(Path.of("/srv/x.key"), FileKeyProvider.keyFileOf(TestConfig.of(Path.of("/srv/data/clinic"), Path.of("/srv/x.key"))));
    }

    @Test
    void migrationScriptsSplitIntoStatements() {
        var statements = MigrationScripts.statements("-- c\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n  ON a (x);\n");
        assertEquals(2, statements.size());
        assertEquals("CREATE INDEX i\n  ON a (x)", statements.get(1));
    }
}
