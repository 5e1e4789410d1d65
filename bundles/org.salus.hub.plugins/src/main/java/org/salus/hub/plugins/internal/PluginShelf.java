package org.salus.hub.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.salus.plugins.PluginSignatureException;
import org.salus.plugins.repository.PluginIndex;
import org.salus.plugins.repository.PluginResource;
import org.salus.plugins.repository.SignedJars;
import org.salus.plugins.repository.TrustAnchors;

/**
 * The published plugins: one verified jar per symbolic name and version in {@code <directory>/jars}, and the index
 * built from them. At start every jar is checked again against the trust anchors, so a jar whose signer is no longer
 * trusted (or that changed on disk) is not served.
 */
final class PluginShelf {

    static final String JARS = "jars";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final Path jars;
    private final TrustAnchors anchors;
    private final long maxJarBytes;
    private final String name;
    private final Map<String, PluginResource> resources = new TreeMap<>();
    private long increment;
    private String index;

    PluginShelf(Path directory, TrustAnchors anchors, long maxJarBytes, String name) throws IOException {
        this.jars = directory.resolve(JARS);
        this.anchors = anchors;
        this.maxJarBytes = maxJarBytes;
        this.name = name;
        Files.createDirectories(jars);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(jars, "*.jar")) {
            for (Path f : files) {
                try {
                    PluginResource r = SignedJars.verify(f, f.getFileName().toString(), JARS + "/" + f.getFileName(), anchors).resource();
                    resources.put(key(r.symbolicName(), r.version()), r);
                } catch (PluginSignatureException e) {
                    System.err.println("Salus hub plugins: not serving " + f.getFileName() + ": " + e.getMessage());
                }
            }
        }
        reindex();
    }

    /**
     * Checks and publishes a jar that arrived in {@code upload}; the upload file is moved or deleted.
     *
     * @param label the jar's name as the publisher gave it
     * @throws PublishRefusedException when it is not signed, tampered, untrusted, not a bundle, or another jar was
     *         published under the same name and version
     */
    synchronized PluginResource publish(Path upload, String label) throws IOException {
        try {
            if (Files.size(upload) > maxJarBytes) {
                throw new PublishRefusedException(413, "TOO_LARGE", label, null, "The plugin " + label + " is " + Files.size(upload)
                        + " bytes, more than the " + maxJarBytes + " this hub takes (maxJarBytes).");
            }
            PluginResource r;
            try {
                r = SignedJars.verify(upload, label, null, anchors).resource();
            } catch (PluginSignatureException e) {
                throw new PublishRefusedException(422, e.problem().name(), label, e.entry(), e.getMessage());
            }
            if (!SAFE_NAME.matcher(r.symbolicName()).matches()) {
                throw new PublishRefusedException(422, "NOT_A_BUNDLE", label, null, "The plugin " + label + " has a symbolic name the hub does not serve: "
                        + r.symbolicName());
            }
            String file = r.symbolicName() + "_" + r.version() + ".jar";
            PluginResource existing = resources.get(key(r.symbolicName(), r.version()));
            if (existing != null) {
                if (existing.sha256().equals(r.sha256())) {
                    return existing;
                }
                throw new PublishRefusedException(409, "VERSION_TAKEN", label, null, "The hub already serves " + r.symbolicName() + " " + r.version()
                        + " with other content. Give the new jar a higher Bundle-Version: workstations would not see a change under the same version.");
            }
            Files.move(upload, jars.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            PluginResource published = r.at(JARS + "/" + file);
            resources.put(key(r.symbolicName(), r.version()), published);
            reindex();
            return published;
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    /** Stops serving one version of a plugin (workstations that installed it keep it). */
    synchronized Optional<PluginResource> withdraw(String symbolicName, String version) throws IOException {
        PluginResource r = resources.remove(key(symbolicName, version));
        if (r != null) {
            Files.deleteIfExists(jars.resolve(r.url().substring(JARS.length() + 1)));
            reindex();
        }
        return Optional.ofNullable(r);
    }

    synchronized List<PluginResource> plugins() {
        return new ArrayList<>(resources.values());
    }

    synchronized String index() {
        return index;
    }

    /** The jar file for a name under {@code jars/}, if it is one the shelf serves. */
    synchronized Optional<Path> jar(String fileName) {
        return resources.values().stream().filter(r -> r.url().equals(JARS + "/" + fileName)).findFirst().map(r -> jars.resolve(fileName));
    }

    private void reindex() {
        increment++;
        index = PluginIndex.write(name, increment, resources.values());
    }

    private static String key(String bsn, String version) {
        return bsn + "_" + version;
    }

    static InputStream open(Path p) throws IOException {
        return Files.newInputStream(p);
    }
}
