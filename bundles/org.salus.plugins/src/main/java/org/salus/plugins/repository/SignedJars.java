package org.salus.plugins.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.salus.plugins.PluginSignatureException;
import org.salus.plugins.PluginSignatureException.Problem;

/**
 * Checks a plugin jar: every entry verifies against the jar's signature ({@code java.util.jar.JarFile} with
 * verification on, each entry read in full), every entry is signed by the same signers, and a signer's certificate
 * chains to one of the trust anchors. What {@code jarsigner -verify} checks, plus trust.
 */
public final class SignedJars {

    private SignedJars() {
    }

    /** A jar that passed: its description (with its size and SHA-256) and the certificate that vouched for it. */
    public record Verified(PluginResource resource, X509Certificate signer) {
    }

    /**
     * Verifies a jar and describes the bundle in it.
     *
     * @param jar the file
     * @param label how to name the jar in errors (its file name, or the address it came from)
     * @param url the address to give the described resource
     * @throws PluginSignatureException naming the jar, and the entry when one failed
     */
    public static Verified verify(Path jar, String label, String url, TrustAnchors anchors) {
        List<CodeSigner> signers = null;
        String firstEntry = null;
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            manifest = file.getManifest();
            if (manifest == null) {
                throw new PluginSignatureException(Problem.UNSIGNED, label, null, "The plugin " + label
                        + " has no manifest: it is neither signed nor an OSGi bundle.", null);
            }
            byte[] buffer = new byte[16384];
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (e.isDirectory() || signatureFile(e.getName())) {
                    continue;
                }
                try (InputStream in = file.getInputStream(e)) {
                    while (in.read(buffer) >= 0) {
                        // reading to the end is what makes JarFile check the entry's digest
                    }
                } catch (IOException corrupt) {
                    throw new PluginSignatureException(Problem.TAMPERED, label, e.getName(), "The plugin " + label + " was changed after it was signed: "
                            + e.getName() + " cannot be read back (" + corrupt.getMessage() + "). Do not install it; ask its publisher for the jar again.",
                            corrupt);
                } catch (SecurityException tampered) {
                    throw new PluginSignatureException(Problem.TAMPERED, label, e.getName(), "The plugin " + label + " was changed after it was signed: "
                            + e.getName() + " does not match its signed digest (" + tampered.getMessage() + "). Do not install it; ask its publisher for the jar again.",
                            tampered);
                }
                CodeSigner[] cs = e.getCodeSigners();
                if (cs == null || cs.length == 0) {
                    throw new PluginSignatureException(Problem.UNSIGNED, label, e.getName(), "The plugin " + label + (signers == null && firstEntry == null
                            ? " is not signed" : " has an unsigned entry") + ": " + e.getName() + " carries no signature. Only jars signed with jarsigner by a trusted publisher are accepted.",
                            null);
                }
                if (signers == null) {
                    signers = List.of(cs);
                    firstEntry = e.getName();
                } else {
                    signers = signers.stream().filter(s -> List.of(cs).contains(s)).toList();
                    if (signers.isEmpty()) {
                        throw new PluginSignatureException(Problem.TAMPERED, label, e.getName(), "The plugin " + label + " mixes signers: " + e.getName()
                                + " is not signed by the signer of " + firstEntry + ".", null);
                    }
                }
            }
        } catch (SecurityException e) {
            throw new PluginSignatureException(Problem.TAMPERED, label, null, "The plugin " + label + " has a broken signature: " + e.getMessage() + ".", e);
        } catch (IOException e) {
            throw new PluginSignatureException(Problem.NOT_A_BUNDLE, label, null, "The plugin " + label + " cannot be read as a jar: " + e.getMessage() + ".", e);
        }
        if (signers == null) {
            throw new PluginSignatureException(Problem.UNSIGNED, label, null, "The plugin " + label + " holds no signed entry.", null);
        }
        X509Certificate vouched = trusted(signers, anchors);
        if (vouched == null) {
            Certificate first = signers.get(0).getSignerCertPath().getCertificates().get(0);
            String who = first instanceof X509Certificate x ? x.getSubjectX500Principal().getName() : "an unknown signer";
            throw new PluginSignatureException(Problem.UNTRUSTED, label, null, "The plugin " + label + " is signed by " + who
                    + (anchors.isEmpty() ? ", but no trust anchor is configured here, so no plugin can be trusted."
                            : ", whose certificate does not chain to a trusted publisher certificate (or is expired). Add the publisher's certificate to the trust anchors only if you trust it."),
                    null);
        }
        PluginResource resource;
        try {
            resource = BundleHeaders.describe(manifest, url, Files.size(jar), sha256(jar));
        } catch (IllegalArgumentException | IOException e) {
            throw new PluginSignatureException(Problem.NOT_A_BUNDLE, label, "META-INF/MANIFEST.MF", "The plugin " + label + " is not an OSGi bundle: "
                    + e.getMessage() + ".", e);
        }
        return new Verified(resource, vouched);
    }

    private static boolean signatureFile(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (!n.startsWith("META-INF/") || n.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return n.equals("META-INF/MANIFEST.MF") || n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC")
                || n.startsWith("META-INF/SIG-");
    }

    /** The certificate of the first signer whose chain reaches a trust anchor, or null. */
    private static X509Certificate trusted(List<CodeSigner> signers, TrustAnchors anchors) {
        if (anchors.isEmpty()) {
            return null;
        }
        for (CodeSigner s : signers) {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : s.getSignerCertPath().getCertificates()) {
                chain.add((X509Certificate) c);
            }
            try {
                // a chain that contains an anchor itself is checked up to that anchor
                for (int i = 0; i < chain.size(); i++) {
                    if (anchors.certificates().contains(chain.get(i))) {
                        chain.get(i).checkValidity();
                        if (i == 0) {
                            return chain.get(0);
                        }
                        validate(chain.subList(0, i), anchors);
                        return chain.get(0);
                    }
                }
                validate(chain, anchors);
                return chain.get(0);
            } catch (GeneralSecurityException e) {
                // this signer is not vouched for: try the next
            }
        }
        return null;
    }

    private static void validate(List<X509Certificate> chain, TrustAnchors anchors) throws GeneralSecurityException {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
        PKIXParameters params = new PKIXParameters(anchors.anchors());
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, params);
    }

    /** The file's SHA-256, hexadecimal lower case. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
