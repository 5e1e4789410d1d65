package org.salus.plugins.tests.signing;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import jdk.security.jarsigner.JarSigner;

/**
 * Signs plugin jars in the tests as a publisher does: a key pair and self-signed certificate made by the JDK's keytool,
 * the jar signed with the JDK's jarsigner API, the certificate written as a PEM trust anchor. One copy, compiled into
 * every test bundle that publishes a plugin (its pom adds this source folder).
 */
public final class PluginSigner {

    private static final char[] PASSWORD = "publisher-secret".toCharArray();

    private final Path dir;

    /** Keeps key stores, certificates and signed jars in {@code dir}. */
    public PluginSigner(Path dir) {
        this.dir = dir;
    }

    /** A PKCS12 key store with one EC key pair and its self-signed certificate, made by keytool. */
    public Path keyStore(String alias, String commonName) throws IOException, InterruptedException {
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
    public Path certificatePem(Path keyStore, String alias) throws Exception {
        X509Certificate cert = (X509Certificate) KeyStore.getInstance(keyStore.toFile(), PASSWORD).getCertificate(alias);
        Path pem = dir.resolve(alias + ".pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        return pem;
    }

    /** Signs a jar with the key store's key (the JDK's jarsigner), into {@code signedName} in this signer's folder. */
    public Path sign(Path unsigned, Path keyStore, String alias, String signedName) throws Exception {
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
}
