package org.salus.hub.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubDefaultsTest {

    @Test
    void aFreshHubGetsItsHubLogAndBrokerSettingsOnce(@TempDir Path dir) throws Exception {
        Path load = dir.resolve("load");
        for (HubDefaults.Defaults d : HubDefaults.ALL) {
            assertTrue(HubDefaults.writeIfMissing(load, d), d.pid());
            assertEquals(d.text(), Files.readString(load.resolve(d.pid() + ".cfg")));
            assertFalse(Files.exists(dir.resolve(d.pid() + ".cfg.part")), "the staged copy is renamed into place");
        }
        Properties broker = new Properties();
        broker.load(new StringReader(Files.readString(load.resolve("org.salus.hub.broker.cfg"))));
        assertEquals("1883", broker.getProperty("port"));
        assertEquals("data/broker", broker.getProperty("dataDir"));
        Properties log = new Properties();
        log.load(new StringReader(Files.readString(load.resolve("org.salus.store.h2.hub.cfg"))));
        assertEquals("data/hub-log", log.getProperty("path"));
        Properties http = new Properties();
        http.load(new StringReader(Files.readString(load.resolve("org.salus.hub.http.cfg"))));
        assertEquals("8180", http.getProperty("port"));
    }

    @Test
    void anOperatorsOwnSettingsAreNeverTouched(@TempDir Path dir) throws Exception {
        Path load = Files.createDirectories(dir.resolve("load"));
        Files.writeString(load.resolve("org.salus.hub.broker.cfg"), "port=11883\n");
        Files.writeString(load.resolve("org.salus.store.h2.hub.cfg"), "path=/srv/hub/log\n");
        Files.writeString(load.resolve("org.salus.hub.http.cfg"), "host=0.0.0.0\nport=9100\n");
        for (HubDefaults.Defaults d : HubDefaults.ALL) {
            assertFalse(HubDefaults.writeIfMissing(load, d), d.pid());
        }
        assertEquals("port=11883\n", Files.readString(load.resolve("org.salus.hub.broker.cfg")));
        assertEquals("path=/srv/hub/log\n", Files.readString(load.resolve("org.salus.store.h2.hub.cfg")));
    }
}
