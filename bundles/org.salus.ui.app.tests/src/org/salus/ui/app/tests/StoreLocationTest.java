package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.salus.ui.app.lifecycle.StoreLocation;
import org.salus.ui.app.lifecycle.StoreLocation.Outcome;

/** The workstation points the clinic store at its instance location once, follows a new one, and never overrides an administrator. */
class StoreLocationTest {

    private static final String PID = "org.salus.test.store.location";

    @Test
    void configuresOnceFollowsTheInstanceLocationAndLeavesAnAdministratorsChoiceAlone() throws Exception {
        ConfigurationAdmin cm = Services.await(ConfigurationAdmin.class);
        Path first = Files.createTempDirectory("salus-instance-a");
        Path second = Files.createTempDirectory("salus-instance-b");

        assertEquals(Outcome.CREATED, StoreLocation.configure(cm, first, PID));
        assertEquals(first.resolve("salus").resolve("clinic").toString(), path(cm));
        assertTrue(Files.isDirectory(first.resolve("salus")), "the folder exists before the store opens");
        assertEquals(Outcome.UNCHANGED, StoreLocation.configure(cm, first, PID));
        assertEquals(Outcome.MOVED, StoreLocation.configure(cm, second, PID));
        assertEquals(second.resolve("salus").resolve("clinic").toString(), path(cm));

        Configuration c = cm.getConfiguration(PID, "?");
        Dictionary<String, Object> admin = new Hashtable<>();
        String chosen = Files.createTempDirectory("salus-administered").resolve("clinic").toString();
        admin.put("path", chosen);
        c.update(admin);
        assertEquals(Outcome.ADMINISTERED, StoreLocation.configure(cm, first, PID));
        assertEquals(chosen, path(cm));
        c.delete();
    }

    private static String path(ConfigurationAdmin cm) throws Exception {
        return String.valueOf(cm.listConfigurations("(service.pid=" + PID + ")")[0].getProperties().get("path"));
    }
}
