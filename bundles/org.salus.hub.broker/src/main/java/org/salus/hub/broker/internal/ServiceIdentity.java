package org.salus.hub.broker.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.IntSupplier;

import org.salus.hub.mqtt.BrokerAccess;

/**
 * The hub's own identity at its broker, made anew at each start: a user name no device can have ('$' starts no
 * device id), 32 random bytes as password, and a client id prefix no device can use.
 */
final class ServiceIdentity {

    static final String USER = "$salus-hub";
    static final String CLIENT_ID_PREFIX = "hub.";

    private final char[] password;
    private final byte[] digest;

    private ServiceIdentity(char[] password) {
        this.password = password;
        this.digest = sha256(new String(password));
    }

    static ServiceIdentity generate() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return new ServiceIdentity(Base64.getUrlEncoder().withoutPadding().encodeToString(raw).toCharArray());
    }

    /** Whether a CONNECT's credentials and client id are this identity's. */
    boolean matches(String user, String secret, String clientId) {
        return USER.equals(user) && secret != null && MessageDigest.isEqual(digest, sha256(secret)) && clientId != null
                && clientId.startsWith(CLIENT_ID_PREFIX);
    }

    BrokerAccess access(String serverUri, IntSupplier connectedDevices) {
        char[] copy = password.clone();
        return new BrokerAccess() {
            @Override
            public String serverUri() {
                return serverUri;
            }

            @Override
            public String userName() {
                return USER;
            }

            @Override
            public char[] password() {
                return copy.clone();
            }

            @Override
            public String clientIdPrefix() {
                return CLIENT_ID_PREFIX;
            }

            @Override
            public int connectedDevices() {
                return connectedDevices.getAsInt();
            }

            @Override
            public String toString() {
                return "BrokerAccess[" + serverUri + " as " + USER + "]";
            }
        };
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
