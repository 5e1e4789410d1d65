package org.salus.sync.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubTrustTest {

    @TempDir
    Path dir;

    private void keytool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void thePemCertificateAnOperatorHandsOutAndATrustStoreAreBothRead() throws Exception {
        Path store = dir.resolve("hub.p12");
        keytool("-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=hub.test",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "hub-secret");
        Path pem = dir.resolve("hub-certificate.pem");
        keytool("-exportcert", "-alias", "hub", "-keystore", store.toString(), "-storepass", "hub-secret", "-rfc", "-file", pem.toString());
        KeyStore fromPem = HubTrust.load(pem, null);
        assertEquals(1, fromPem.size());
        assertNotNull(HubTrust.socketFactory(pem, null));

        Path trust = dir.resolve("trust.p12");
        keytool("-importcert", "-noprompt", "-alias", "hub", "-file", pem.toString(), "-storetype", "PKCS12", "-keystore", trust.toString(),
                "-storepass", "trust-secret");
        assertEquals(1, HubTrust.load(trust, "trust-secret".toCharArray()).size());
        HubTrust.TrustStoreException wrong = assertThrows(HubTrust.TrustStoreException.class, () -> HubTrust.load(trust, "wrong".toCharArray()));
        assertTrue(wrong.getMessage().contains(trust.toString()) && wrong.getMessage().contains(".trustStorePassword"), wrong.getMessage());
    }

    @Test
    void aMissingOrUnreadableFileIsNamed() throws Exception {
        Path missing = dir.resolve("no-such.pem");
        HubTrust.TrustStoreException e = assertThrows(HubTrust.TrustStoreException.class, () -> HubTrust.socketFactory(missing, null));
        assertTrue(e.getMessage().startsWith("org.salus.sync.mqtt.trustStore " + missing + " cannot be read"), e.getMessage());

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        e = assertThrows(HubTrust.TrustStoreException.class, () -> HubTrust.load(garbage, null));
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());

        Path text = Files.writeString(dir.resolve("notes.txt"), "the hub's certificate is on the USB stick");
        e = assertThrows(HubTrust.TrustStoreException.class, () -> HubTrust.load(text, null));
        assertTrue(e.getMessage().contains("is neither a PEM certificate nor a trust store"), e.getMessage());
    }
}
