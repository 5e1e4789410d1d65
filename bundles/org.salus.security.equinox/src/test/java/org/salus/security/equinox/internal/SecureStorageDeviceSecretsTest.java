package org.salus.security.equinox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.junit.jupiter.api.Test;

/** The device secret in secure storage: kept encrypted under its node, read back, and a bad device id refused. */
class SecureStorageDeviceSecretsTest {

    final Map<String, String> values = new HashMap<>();
    final Map<String, Boolean> encrypted = new HashMap<>();

    @Test
    void theSecretIsKeptEncryptedAndReadBack() {
        SecureStorageDeviceSecrets secrets = new SecureStorageDeviceSecrets(() -> node(""), "test storage");
        assertFalse(secrets.secret("ws-1").isPresent());
        secrets.keep("ws-1", "device secret".toCharArray());
        assertEquals("device secret", new String(secrets.secret("ws-1").orElseThrow()));
        assertEquals(Boolean.TRUE, encrypted.get(SecureStorageDeviceSecrets.NODE + "/ws-1"));
        assertThrows(IllegalArgumentException.class, () -> secrets.keep("../x", "s".toCharArray()));
        assertThrows(IllegalStateException.class, () -> new SecureStorageDeviceSecrets(() -> null, "none").secret("ws-1"));
    }

    private ISecurePreferences node(String path) {
        return (ISecurePreferences) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ISecurePreferences.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "node" -> node((String) args[0]);
                    case "get" -> values.getOrDefault(path + "/" + args[0], (String) args[1]);
                    case "put" -> {
                        values.put(path + "/" + args[0], (String) args[1]);
                        encrypted.put(path + "/" + args[0], (Boolean) args[2]);
                        yield null;
                    }
                    case "flush" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
