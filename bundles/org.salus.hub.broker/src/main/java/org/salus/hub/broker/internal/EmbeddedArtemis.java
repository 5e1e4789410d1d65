package org.salus.hub.broker.internal;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
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
    record Settings(String host, int port, Path dataDir, int maxMessageBytes, String whereToChange, Duration lockWait) {
    }

    private static final String ACCEPTOR = "mqtt";
    static final int MIN_MESSAGE_BYTES = 1024;

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
        if (failure.get() != null || !server.isActive() || !listens(server, s.port())) {
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
        return new ConfigurationImpl()
                .setName("salus-hub")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
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
                .addAddressSetting("#", new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of("DLQ"))
                        .setExpiryAddress(SimpleString.of("ExpiryQueue")))
                .addAcceptorConfiguration(new TransportConfiguration(NettyAcceptorFactory.class.getName(), transport, ACCEPTOR, mqtt));
    }

    private static boolean listens(ActiveMQServer server, int port) {
        Acceptor acceptor = server.getRemotingService() == null ? null : server.getRemotingService().getAcceptor(ACCEPTOR);
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
