package org.salus.plugins.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

import org.osgi.framework.Bundle;
import org.salus.plugins.tests.signing.PluginSigner;

/**
 * Builds the sample plugin jars of the tests and signs them as a publisher does: a key pair and self-signed certificate
 * made by the JDK's keytool, the jar signed with the JDK's jarsigner API ({@link PluginSigner}, shared with the plugin SDK tests). Entries are stored uncompressed, so a test
 * can change a byte of one after signing.
 */
final class PluginJars {

    static final String ACTIVATOR = "org.salus.plugins.tests.sample.SampleActivator";
    static final String FAILING = "org.salus.plugins.tests.sample.FailingActivator";
    static final String CONTENT = "Salus sample plugin content ";

    private final Bundle tests;
    private final Path dir;
    private final PluginSigner signer;

    PluginJars(Bundle tests, Path dir) {
        this.tests = tests;
        this.dir = dir;
        this.signer = new PluginSigner(dir);
    }

    /** A PKCS12 key store with one EC key pair and its self-signed certificate, made by keytool. */
    Path keyStore(String alias, String commonName) throws IOException, InterruptedException {
        return signer.keyStore(alias, commonName);
    }

    /** The certificate of a key store's key, as a PEM file (a trust anchor). */
    Path certificatePem(Path keyStore, String alias) throws Exception {
        return signer.certificatePem(keyStore, alias);
    }

    /** An unsigned bundle jar: a manifest of the given headers, the activator class, and a text entry. */
    Path bundle(String fileName, String symbolicName, String version, String activator, Map<String, String> headers) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", version);
        a.putValue("Bundle-Name", "Sample plugin " + symbolicName);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        if (activator != null) {
            a.putValue("Bundle-Activator", activator);
            a.putValue("Import-Package", "org.osgi.framework;version=\"[1.8,2)\"");
            entries.put(activator.replace('.', '/') + ".class", classBytes(activator));
        }
        headers.forEach(a::putValue);
        entries.put("plugin.txt", (CONTENT + symbolicName + " " + version + "\n").getBytes(StandardCharsets.UTF_8));
        Path jar = dir.resolve(fileName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                JarEntry entry = new JarEntry(e.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                out.putNextEntry(entry);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Signs a jar with the key store's key (the JDK's jarsigner), into {@code signedName}. */
    Path sign(Path unsigned, Path keyStore, String alias, String signedName) throws Exception {
        return signer.sign(unsigned, keyStore, alias, signedName);
    }

    /** A copy of a signed jar with one byte of its {@code plugin.txt} changed. */
    Path tamper(Path signed, String tamperedName) throws IOException {
        byte[] bytes = Files.readAllBytes(signed);
        byte[] marker = CONTENT.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, marker);
        if (at < 0) {
            throw new IOException("the marker text is not stored in " + signed);
        }
        bytes[at] = (byte) (bytes[at] == 'S' ? 's' : 'S');
        Path tampered = dir.resolve(tamperedName);
        Files.write(tampered, bytes);
        return tampered;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private byte[] classBytes(String className) throws IOException {
        java.net.URL url = tests.getEntry(className.replace('.', '/') + ".class");
        if (url == null) {
            throw new IOException(className + " is not in the test bundle");
        }
        try (InputStream in = url.openStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    static Map<String, String> headers(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static List<String> none() {
        return List.of();
    }
}
