package org.salus.plugins.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The certificates a plugin signer must chain to: read from PEM (or DER) certificate files, or from a key store
 * (PKCS12 or JKS) whose entries' certificates count.
 */
public final class TrustAnchors {

    private final List<X509Certificate> certificates;

    private TrustAnchors(List<X509Certificate> certificates) {
        this.certificates = List.copyOf(certificates);
    }

    /** Trusts exactly these certificates. */
    public static TrustAnchors of(List<X509Certificate> certificates) {
        return new TrustAnchors(certificates);
    }

    /** Trusts nobody: every plugin is refused. */
    public static TrustAnchors none() {
        return new TrustAnchors(List.of());
    }

    /**
     * Reads each file: a key store when it is one ({@code .p12}, {@code .pfx}, {@code .jks}, or not a certificate file),
     * else every certificate in it.
     *
     * @param storePassword the key stores' password, or null when they have none
     * @throws IOException naming the file that cannot be read
     */
    public static TrustAnchors load(List<Path> files, char[] storePassword) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new IOException("the trust anchor file " + f + " does not exist or is not a file");
            }
            String n = f.getFileName().toString().toLowerCase();
            try {
                if (n.endsWith(".p12") || n.endsWith(".pfx") || n.endsWith(".jks") || n.endsWith(".keystore")) {
                    out.addAll(fromKeyStore(f, storePassword));
                } else {
                    out.addAll(fromCertificates(f));
                }
            } catch (GeneralSecurityException e) {
                throw new IOException("the trust anchor file " + f + " cannot be read: " + e.getMessage(), e);
            }
        }
        return new TrustAnchors(out);
    }

    private static List<X509Certificate> fromCertificates(Path f) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(f)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException("the trust anchor file " + f + " holds no certificate");
            }
            return out;
        }
    }

    private static List<X509Certificate> fromKeyStore(Path f, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(f.toFile(), password);
        List<X509Certificate> out = new ArrayList<>();
        for (String alias : Collections.list(ks.aliases())) {
            Certificate c = ks.getCertificate(alias);
            if (c instanceof X509Certificate x) {
                out.add(x);
            }
        }
        if (out.isEmpty()) {
            throw new IOException("the trust anchor key store " + f + " holds no certificate");
        }
        return out;
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    public boolean isEmpty() {
        return certificates.isEmpty();
    }

    Set<TrustAnchor> anchors() {
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate c : certificates) {
            set.add(new TrustAnchor(c, null));
        }
        return set;
    }
}
