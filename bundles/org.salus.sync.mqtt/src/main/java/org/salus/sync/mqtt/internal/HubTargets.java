package org.salus.sync.mqtt.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hub's brokers in the order the engine tries them, and what it trusts on {@code ssl://}: from {@code hubUrls},
 * or from {@code hubUrl} alone as configurations before ordered targets had it.
 *
 * @param urls at least one, each {@code tcp://}, {@code ssl://}, {@code ws://} or {@code wss://} with a host and a port
 * @param trustStore the PEM file or trust store that {@code ssl://} targets are verified against, or null for the
 *        Java runtime's own
 * @param trustStorePassword the trust store's password, empty for a PEM file
 * @param preferredRetryMillis while on a later target, how often the earlier ones are tried again
 */
record HubTargets(List<String> urls, Path trustStore, char[] trustStorePassword, long preferredRetryMillis) {

    private static final List<String> SCHEMES = List.of("tcp", "ssl", "ws", "wss");

    HubTargets {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException(SyncConfig.PID + ": neither hubUrls nor hubUrl is set: name the hub's broker, such as tcp://hub:1883");
        }
        List<String> checked = new ArrayList<>();
        for (String u : urls) {
            checked.add(check(u));
        }
        urls = List.copyOf(checked);
        trustStorePassword = trustStorePassword == null ? new char[0] : trustStorePassword.clone();
        preferredRetryMillis = Math.max(100, preferredRetryMillis);
    }

    static HubTargets from(SyncConfig c) {
        List<String> urls = new ArrayList<>();
        if (c.hubUrls() != null) {
            for (String u : c.hubUrls()) {
                // ConfigAdmin's files may give the list as one comma-separated string
                for (String part : u == null ? new String[0] : u.split(",")) {
                    if (!part.isBlank()) {
                        urls.add(part.trim());
                    }
                }
            }
        }
        if (urls.isEmpty() && c.hubUrl() != null && !c.hubUrl().isBlank()) {
            urls.add(c.hubUrl().trim());
        }
        String trust = c.trustStore();
        return new HubTargets(urls, trust == null || trust.isBlank() ? null : Path.of(trust.trim()),
                c._trustStorePassword() == null ? null : c._trustStorePassword().toCharArray(), c.preferredRetryMillis());
    }

    private static String check(String url) {
        String u = url == null ? "" : url.trim();
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!SCHEMES.contains(scheme) || uri.getHost() == null || uri.getPort() <= 0) {
                throw new IllegalArgumentException(SyncConfig.PID + ": the hub target '" + u + "' is not a broker address: write"
                        + " tcp://host:port or ssl://host:port (ws:// and wss:// too)");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(SyncConfig.PID + ": the hub target '" + u + "' is not a URL: " + e.getMessage(), e);
        }
        return u;
    }

    /** Whether any target needs TLS. */
    boolean anyTls() {
        return urls.stream().anyMatch(u -> u.regionMatches(true, 0, "ssl://", 0, 6) || u.regionMatches(true, 0, "wss://", 0, 6));
    }
}
