package org.salus.device.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The singleton configurations this bundle reads and writes, found without creating empty ones. */
final class Configs {

    static final String SYNC_PID = "org.salus.sync.mqtt";
    static final String CORE_DEVICE_PID = "org.salus.core.device";
    static final String SECURITY_PID = "org.salus.security";

    private Configs() {
    }

    /** The configuration of a pid if it exists, else null. */
    static Configuration existing(ConfigurationAdmin cm, String pid) {
        try {
            Configuration[] found = cm.listConfigurations("(service.pid=" + pid + ")");
            return found == null || found.length == 0 ? null : found[0];
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("the configuration " + pid + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The properties of a pid's configuration, a fresh table when there is none. */
    static Hashtable<String, Object> properties(ConfigurationAdmin cm, String pid) {
        Configuration c = existing(cm, pid);
        Hashtable<String, Object> copy = new Hashtable<>();
        Dictionary<String, Object> p = c == null ? null : c.getProperties();
        if (p != null) {
            for (var keys = p.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                copy.put(k, p.get(k));
            }
        }
        copy.remove("service.pid");
        copy.remove("service.factoryPid");
        copy.remove("service.bundleLocation");
        return copy;
    }

    static void write(ConfigurationAdmin cm, String pid, Hashtable<String, Object> props) throws IOException {
        Configuration c = existing(cm, pid);
        if (c == null) {
            c = cm.getConfiguration(pid, "?");
        }
        c.update(props);
    }
}
