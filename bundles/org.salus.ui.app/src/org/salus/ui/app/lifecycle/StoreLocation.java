package org.salus.ui.app.lifecycle;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Points the clinic store at a folder of the workstation's instance location ({@code -data}), once: a configuration
 * an administrator wrote (without {@link #MARK}) is never touched, one this class wrote follows the instance location.
 */
public final class StoreLocation {

    /** ConfigAdmin pid of the H2 clinic store. */
    public static final String STORE_PID = "org.salus.store.h2";
    /** Marks a store configuration that follows the instance location. */
    public static final String MARK = "salus.store.fromInstanceLocation";
    /** The store's files inside the instance location: {@code salus/clinic.mv.db} and friends. */
    public static final String RELATIVE_PATH = "salus" + File.separator + "clinic";

    /** What {@link #configure} did. */
    public enum Outcome {
        /** No configuration existed; one was written. */
        CREATED,
        /** Ours, pointing elsewhere (another {@code -data}); moved to this instance location. */
        MOVED,
        /** Already pointing here. */
        UNCHANGED,
        /** Written by an administrator; left alone. */
        ADMINISTERED
    }

    private StoreLocation() {
    }

    /** The store path (without {@code .mv.db}) for an instance location. */
    public static Path storePath(Path instanceArea) {
        return instanceArea.resolve(RELATIVE_PATH).toAbsolutePath().normalize();
    }

    /** The instance location's folder, from its URL ({@code file:/home/anna/salus/}). */
    public static Path folder(URL instanceUrl) {
        try {
            return Paths.get(instanceUrl.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            // Equinox gives file: URLs with unencoded spaces
            return Paths.get(instanceUrl.getPath());
        }
    }

    /** Configures the store under the instance location unless an administrator configured it. */
    public static Outcome configure(ConfigurationAdmin admin, Path instanceArea) throws IOException {
        return configure(admin, instanceArea, STORE_PID);
    }

    /** As {@link #configure(ConfigurationAdmin, Path)}, for the configuration with this pid. */
    public static Outcome configure(ConfigurationAdmin admin, Path instanceArea, String pid) throws IOException {
        Path path = storePath(instanceArea);
        Configuration existing = find(admin, pid);
        if (existing != null && existing.getProperties() != null && existing.getProperties().get("path") != null) {
            Dictionary<String, Object> props = existing.getProperties();
            if (!Boolean.TRUE.equals(props.get(MARK)) && !"true".equals(String.valueOf(props.get(MARK)))) {
                return Outcome.ADMINISTERED;
            }
            if (path.toString().equals(String.valueOf(props.get("path")))) {
                return Outcome.UNCHANGED;
            }
            Files.createDirectories(path.getParent());
            props.put("path", path.toString());
            existing.update(props);
            return Outcome.MOVED;
        }
        Files.createDirectories(path.getParent());
        // "?" : any bundle may receive it (the store bundle, not this one, consumes the pid)
        Configuration config = existing != null ? existing : admin.getConfiguration(pid, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("path", path.toString());
        props.put(MARK, Boolean.TRUE);
        config.update(props);
        return Outcome.CREATED;
    }

    private static Configuration find(ConfigurationAdmin admin, String pid) throws IOException {
        try {
            Configuration[] found = admin.listConfigurations("(service.pid=" + pid + ")");
            return found == null || found.length == 0 ? null : found[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
