package org.salus.sync.mqtt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates a workstation trusts for its hub: a PEM file (the hub's own certificate, or the hospital
 * authority's that signed it) or a PKCS#12 or JKS trust store. Read once when the engine starts, so that a file that
 * cannot be read stops the engine's start with a sentence naming it, not every connection later.
 */
final class HubTrust {

    /** A trust setting that cannot be used; the message names the file and the setting to fix. */
    static final class TrustStoreException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TrustStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private HubTrust() {
    }

    /** The socket factory for {@code ssl://} targets that trusts exactly what {@code file} holds. */
    static SSLSocketFactory socketFactory(Path file, char[] password) {
        KeyStore trust = load(file, password);
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new TrustStoreException(SyncConfig.PID + ".trustStore " + file.toAbsolutePath() + " cannot be used: " + e.getMessage(), e);
        }
    }

    static KeyStore load(Path file, char[] password) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TrustStoreException(SyncConfig.PID + ".trustStore " + file.toAbsolutePath() + " cannot be read (" + e + "): name the PEM"
                    + " file with the hub's certificate, or a PKCS#12 or JKS trust store", e);
        }
        try {
            if (new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
                return fromPem(file, bytes);
            }
            KeyStore ks = KeyStore.getInstance(file.toFile(), password == null || password.length == 0 ? null : password);
            if (ks.size() == 0) {
                throw new TrustStoreException(SyncConfig.PID + ".trustStore " + file.toAbsolutePath() + " holds no certificate", null);
            }
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new TrustStoreException(SyncConfig.PID + ".trustStore " + file.toAbsolutePath() + " is neither a PEM certificate nor a trust"
                    + " store this password opens (" + e.getMessage() + "): check trustStore and .trustStorePassword", e);
        }
    }

    private static KeyStore fromPem(Path file, byte[] bytes) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certs;
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
            throw new TrustStoreException(SyncConfig.PID + ".trustStore " + file.toAbsolutePath() + " holds a certificate that cannot be read: "
                    + e.getMessage(), e);
        }
        List<X509Certificate> x509 = new ArrayList<>();
        for (Certificate c : certs) {
            x509.add((X509Certificate) c);
        }
        if (x509.isEmpty()) {
            throw new TrustStoreException(SyncConfig.PID + ".trustStore " + file.toAbsolutePath() + " holds no certificate", null);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < x509.size(); i++) {
            ks.setCertificateEntry("hub-" + i, x509.get(i));
        }
        return ks;
    }
}
