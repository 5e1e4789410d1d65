package org.salus.hub.broker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;



import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.server.ActiveMQLockAcquisitionTimeoutException;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.salus.hub.broker.internal.BrokerStartException.Problem;

/** One running Artemis server with a single MQTT acceptor and a file journal. */
final class EmbeddedArtemis {

    /**
     * What the broker needs to start; {@code whereToChange} names the file an operator edits, {@code lockWait} is how
     * long to wait for the journal lock another broker may hold before saying so.
     */
    /**
     * @param tls the TLS listener, or null for none
     */
    record Settings(String host, int port, Path dataDir, int maxMessageBytes, String whereToChange, Duration lockWait, Tls tls) {

        Settings(String host, int port, Path dataDir, int maxMessageBytes, String whereToChange, Duration lockWait) {
            this(host, port, dataDir, maxMessageBytes, whereToChange, lockWait, null);
        }
    }

    /** A second listener that speaks MQTT over TLS, with the hub's certificate and key from a PKCS#12 key store. */
    record Tls(String host, int port, Path keyStore, String keyStorePassword) {
    }

    private static final String ACCEPTOR = "mqtt";
    private static final String TLS_ACCEPTOR = "mqtt-tls";
    static final int MIN_MESSAGE_BYTES = 1024;
    static final long MQTT_STATE_TIMEOUT_MS = 60_000;
    static final int JOURNAL_FILE_BYTES = 1024 * 1024;

    private final ActiveMQServer server;
    private final Settings settings;

    private EmbeddedArtemis(ActiveMQServer server, Settings settings) {
        this.server = server;
        this.settings = settings;
    }

    /**
     * Starts the broker and returns once it listens. The caller sets the thread's context class loader to one that
     * sees Artemis and its protocol modules: Artemis finds them, and slf4j its settings, through it.
     */
    static EmbeddedArtemis start(Settings s, ActiveMQSecurityManager5 security) throws BrokerStartException {
        if (s.maxMessageBytes() < MIN_MESSAGE_BYTES) {
            throw new BrokerStartException(Problem.INVALID_SETTING, "Salus hub broker cannot start: maxMessageBytes=" + s.maxMessageBytes()
                    + " is too small for an MQTT message. Set maxMessageBytes=<bytes, at least " + MIN_MESSAGE_BYTES + "> in " + s.whereToChange() + ".");
        }
        ListenCheck.requireFree(s.host(), s.port(), s.whereToChange());
        if (s.tls() != null) {
            requireKeyStore(s);
            ListenCheck.requireFree(s.tls().host(), s.tls().port(), s.whereToChange());
        }
        ActiveMQServer server = ActiveMQServers.newActiveMQServer(configuration(s), null, security);
        AtomicReference<Exception> failure = new AtomicReference<>();
        server.registerActivationFailureListener(failure::set);
        try {
            // a broker without backup activates within start(); a failed activation has already reported its cause
            server.start();
            if (failure.get() == null) {
                server.waitForActivation(s.lockWait().toMillis() + 30_000, TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
        if (failure.get() != null || !server.isActive() || !listens(server, ACCEPTOR, s.port())
                || (s.tls() != null && !listens(server, TLS_ACCEPTOR, s.tls().port()))) {
            stopQuietly(server);
            throw explain(s, failure.get());
        }
        return new EmbeddedArtemis(server, s);
    }

    private static Configuration configuration(Settings s) {
        Path data = s.dataDir().toAbsolutePath().normalize();
        Map<String, Object> transport = new HashMap<>();
        transport.put(TransportConstants.HOST_PROP_NAME, s.host());
        transport.put(TransportConstants.PORT_PROP_NAME, s.port());
        transport.put(TransportConstants.PROTOCOLS_PROP_NAME, "MQTT");
        Map<String, Object> mqtt = new HashMap<>();
        mqtt.put("maximumPacketSize", s.maxMessageBytes());
        ConfigurationImpl c = new ConfigurationImpl();
        if (s.tls() != null) {
            Map<String, Object> tls = new HashMap<>();
            tls.put(TransportConstants.HOST_PROP_NAME, s.tls().host());
            tls.put(TransportConstants.PORT_PROP_NAME, s.tls().port());
            tls.put(TransportConstants.PROTOCOLS_PROP_NAME, "MQTT");
            tls.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
            tls.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, s.tls().keyStore().toAbsolutePath().toString());
            tls.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, s.tls().keyStorePassword());
            tls.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, "PKCS12");
            tls.put(TransportConstants.ENABLED_PROTOCOLS_PROP_NAME, "TLSv1.3,TLSv1.2");
            c.addAcceptorConfiguration(new TransportConfiguration(NettyAcceptorFactory.class.getName(), tls, TLS_ACCEPTOR, new HashMap<>(mqtt)));
        }
        return c
                .setName("salus-hub")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                // the journal keeps MQTT session state and what persistent sessions have queued; Artemis reads every
                // journal file at start, and with its default 10 MiB files that was a quarter of a second of the hub's
                // start. A message larger than a file is stored apart, as a large message (the test sends 3 MiB).
                .setJournalFileSize(JOURNAL_FILE_BYTES)
                .setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setLargeMessagesDirectory(data.resolve("large-messages").toString())
                .setNodeManagerLockDirectory(data.toString())
                .setJournalLockAcquisitionTimeout(s.lockWait().toMillis())
                .setSecurityEnabled(true)
                // off: its key ignores the client id (see ClinicSecurityManager); the authorisation cache stays on
                .setAuthenticationCacheSize(0)
                .setJMXManagementEnabled(false)
                // every CONNECT stores the session's state in the journal and waits for it on a thread of the server's pool,
                // whose completion needs a thread of the same pool: with the default 30 threads, a hundred devices
                // connecting at once (as after an outage) filled the pool with waiters and nothing completed ("Unable
                // to store MQTT state"). An unbounded pool keeps a thread for the completions.
                .setThreadPoolMaxSize(-1)
                .setMqttSessionStatePersistenceTimeout(MQTT_STATE_TIMEOUT_MS)
                .addAddressSetting("#", new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of("DLQ"))
                        .setExpiryAddress(SimpleString.of("ExpiryQueue")))
                .addAcceptorConfiguration(new TransportConfiguration(NettyAcceptorFactory.class.getName(), transport, ACCEPTOR, mqtt));
    }

    /** A key store that cannot be read fails the start with a sentence naming it, not with Netty's stack trace later. */
    private static void requireKeyStore(Settings s) throws BrokerStartException {
        Tls tls = s.tls();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(tls.keyStore())) {
                ks.load(in, tls.keyStorePassword().toCharArray());
            }
            boolean hasKey = false;
            for (Enumeration<String> aliases = ks.aliases(); aliases.hasMoreElements();) {
                hasKey |= ks.isKeyEntry(aliases.nextElement());
            }
            if (!hasKey) {
                throw new BrokerStartException(Problem.INVALID_SETTING, "Salus hub broker cannot start its TLS listener: the key store "
                        + tls.keyStore().toAbsolutePath() + " holds no private key. Make one as docs/hub-operations.md shows, or set tlsPort=0 in "
                        + s.whereToChange() + ".");
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new BrokerStartException(Problem.INVALID_SETTING, "Salus hub broker cannot start its TLS listener: the key store "
                    + tls.keyStore().toAbsolutePath() + " cannot be read (" + e.getMessage() + "). Check tlsKeyStore and tlsKeyStorePassword in "
                    + s.whereToChange() + ", or set tlsPort=0.");
        }
    }

    private static boolean listens(ActiveMQServer server, String name, int port) {
        Acceptor acceptor = server.getRemotingService() == null ? null : server.getRemotingService().getAcceptor(name);
        return acceptor instanceof NettyAcceptor netty && netty.getActualPort() == port;
    }

    private static BrokerStartException explain(Settings s, Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ActiveMQLockAcquisitionTimeoutException) {
                return new BrokerStartException(Problem.DATA_FOLDER_IN_USE, "Salus hub broker cannot start: its data folder "
                        + s.dataDir().toAbsolutePath().normalize() + " is in use by another broker. Stop the other hub, or set dataDir=<another folder> in "
                        + s.whereToChange() + ".");
            }
            if (t instanceof BindException bind) {
                return ListenCheck.explain("Salus hub broker cannot listen on " + s.host() + ":" + s.port() + ": ", s.whereToChange(), bind);
            }
        }
        String why = failure == null ? "it did not start listening (see the messages above)" : String.valueOf(failure.getMessage());
        return new BrokerStartException(Problem.OTHER, "Salus hub broker cannot start on " + s.host() + ":" + s.port() + ": " + why
                + ". Check host, port and dataDir in " + s.whereToChange() + ".");
    }

    Settings settings() {
        return settings;
    }

    /** The MQTT connections of devices: every connection but the hub's own services ({@code hub.} client ids). */
    int connectedDevices() {
        if (server.getRemotingService() == null) {
            return 0;
        }
        return (int) server.getRemotingService().getConnections().stream()
                .map(c -> c.getClientID())
                .filter(id -> id != null && !id.startsWith(ServiceIdentity.CLIENT_ID_PREFIX))
                .count();
    }

    void stop() throws Exception {
        server.stop();
    }

    private static void stopQuietly(ActiveMQServer server) {
        try {
            server.stop();
        } catch (Exception e) {
            // it never fully started; what made it fail is what gets reported
        }
    }
}
