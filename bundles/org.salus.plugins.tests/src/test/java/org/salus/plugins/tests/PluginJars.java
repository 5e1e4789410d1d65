package org.salus.plugins.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.osgi.framework.Bundle;

import jdk.security.jarsigner.JarSigner;

/**
 * Builds the sample plugin jars of the tests and signs them as a publisher does: a key pair and self-signed certificate
 * made by the JDK's keytool, the jar signed with the JDK's jarsigner API. Entries are stored uncompressed, so a test
 * can change a byte of one after signing.
 */
final class PluginJars {

    static final String ACTIVATOR = "org.salus.plugins.tests.sample.SampleActivator";
    static final String FAILING = "org.salus.plugins.tests.sample.FailingActivator";
    static final String CONTENT = "Salus sample plugin content ";
    private static final char[] PASSWORD = "publisher-secret".toCharArray();

    private final Bundle tests;
    private final Path dir;

    PluginJars(Bundle tests, Path dir) {
        this.tests = tests;
        this.dir = dir;
    }

    /** A PKCS12 key store with one EC key pair and its self-signed certificate, made by keytool. */
    Path keyStore(String alias, String commonName) throws IOException, InterruptedException {
        Path ks = dir.resolve(alias + ".p12");
        if (Files.exists(ks)) {
            return ks;
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=" + commonName + ", O=Salus tests", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass",
                new String(PASSWORD), "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        return ks;
    }

    /** The certificate of a key store's key, as a PEM file (a trust anchor). */
    Path certificatePem(Path keyStore, String alias) throws Exception {
        X509Certificate cert = (X509Certificate) KeyStore.getInstance(keyStore.toFile(), PASSWORD).getCertificate(alias);
        Path pem = dir.resolve(alias + ".pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        return pem;
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
        KeyStore ks = KeyStore.getInstance(keyStore.toFile(), PASSWORD);
        PrivateKey key = (PrivateKey) ks.getKey(alias, PASSWORD);
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(ks.getCertificateChain(alias)));
        JarSigner signer = new JarSigner.Builder(key, path).digestAlgorithm("SHA-256").signerName("PUBLISH").build();
        Path signed = dir.resolve(signedName);
        try (ZipFile in = new ZipFile(unsigned.toFile()); OutputStream out = Files.newOutputStream(signed)) {
            signer.sign(in, out);
        }
        return signed;
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
