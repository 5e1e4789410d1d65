package org.salus.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.salus.plugins.PluginOrigin;

/**
 * The plugins this manager installed, kept on disk so they come back after a restart: {@code plugins.properties} (one
 * entry per plugin) and a copy of each plugin's jar in {@code jars/}. Written by replacing the whole file, so a crash
 * leaves the old list or the new one.
 */
final class PluginStore {

    /** One installed plugin. */
    record Entry(String symbolicName, String version, PluginOrigin origin, String source, String jarFile, String sha256) {
    }

    private final Path dir;
    private final Path list;
    private final Map<String, Entry> entries = new TreeMap<>();

    PluginStore(Path dir) throws IOException {
        this.dir = dir;
        this.list = dir.resolve("plugins.properties");
        Files.createDirectories(dir.resolve("jars"));
        if (Files.isRegularFile(list)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(list)) {
                p.load(in);
            }
            for (String key : p.stringPropertyNames()) {
                if (key.endsWith(".version")) {
                    String bsn = key.substring(0, key.length() - ".version".length());
                    entries.put(bsn, new Entry(bsn, p.getProperty(key), PluginOrigin.valueOf(p.getProperty(bsn + ".origin", "LOCAL_FILE")),
                            p.getProperty(bsn + ".source", ""), p.getProperty(bsn + ".jar"), p.getProperty(bsn + ".sha256", "")));
                }
            }
        }
    }

    synchronized Optional<Entry> get(String symbolicName) {
        return Optional.ofNullable(entries.get(symbolicName));
    }

    synchronized Map<String, Entry> all() {
        return Map.copyOf(entries);
    }

    /** Where the kept copy of a plugin's jar is. */
    Path jar(Entry e) {
        return dir.resolve("jars").resolve(e.jarFile());
    }

    /** Keeps a copy of a verified jar, under a name of its own. */
    Path keep(Path jar, String symbolicName, String version) throws IOException {
        Path target = dir.resolve("jars").resolve(symbolicName + "_" + version + ".jar");
        Path tmp = dir.resolve("jars").resolve(target.getFileName() + ".tmp");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    synchronized void put(Entry e) throws IOException {
        entries.put(e.symbolicName(), e);
        save();
    }

    synchronized void remove(String symbolicName) throws IOException {
        entries.remove(symbolicName);
        save();
    }

    /** Deletes a kept jar that no entry names any more. */
    synchronized void forget(Path jar) {
        if (jar != null && entries.values().stream().noneMatch(e -> jar.equals(jar(e)))) {
            try {
                Files.deleteIfExists(jar);
            } catch (IOException e) {
                // a stale copy costs disk space only
            }
        }
    }

    private void save() throws IOException {
        Properties p = new Properties();
        for (Entry e : entries.values()) {
            String k = e.symbolicName();
            p.setProperty(k + ".version", e.version());
            p.setProperty(k + ".origin", e.origin().name());
            p.setProperty(k + ".source", e.source());
            p.setProperty(k + ".jar", e.jarFile());
            p.setProperty(k + ".sha256", e.sha256());
        }
        Path tmp = dir.resolve("plugins.properties.tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "Plugins installed by the Salus plugin manager");
        }
        Files.move(tmp, list, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
