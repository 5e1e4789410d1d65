package org.salus.hub.broker.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.hub.device.DeviceRegistry;
import org.salus.hub.mqtt.BrokerAccess;

/**
 * The hub's MQTT 5 broker. It is active only while it listens, so the hub reports ready only then; a port that is
 * taken makes activation fail with one line naming the address, the port and where to change them. A new
 * configuration restarts the broker on the new address; the journal in {@code dataDir} keeps QoS 1 sessions.
 * While it listens it offers {@link BrokerAccess}: the hub's own services connect with an identity made anew at
 * each start, the only one that may use every clinic's topics.
 */
// REQUIRE: with the defaults it would first try port 1883 before the operator's file is read; a fresh hub writes
// load/org.salus.hub.broker.cfg itself, and the broker starts, on ConfigAdmin's thread, once FileInstall reads it
@Component(name = HubBroker.PID, configurationPid = HubBroker.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {})
@Designate(ocd = BrokerConfig.class)
public class HubBroker {

    static final String PID = "org.salus.hub.broker";
    /** How long to wait for the journal lock of another broker using the same data folder before saying so. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    /** Dynamic: a replaced registry takes over without restarting the broker and dropping every device. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile DeviceRegistry registry;

    private EmbeddedArtemis artemis;
    private ServiceRegistration<BrokerAccess> access;

    @Activate
    void activate(BundleContext context, BrokerConfig config) throws BrokerStartException {
        EmbeddedArtemis.Tls tls = config.tlsPort() <= 0 ? null : new EmbeddedArtemis.Tls(config.tlsHost() == null || config.tlsHost().isBlank()
                ? config.host() : config.tlsHost().trim(), config.tlsPort(), Path.of(config.tlsKeyStore()), config.tlsKeyStorePassword());
        EmbeddedArtemis.Settings settings = new EmbeddedArtemis.Settings(config.host(), config.port(), Path.of(config.dataDir()),
                config.maxMessageBytes(), whereToChange(context.getProperty("felix.fileinstall.dir")), LOCK_WAIT, tls);
        long start = System.nanoTime();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Artemis finds its protocol modules, and the embedded slf4j its settings, through the context class loader
        thread.setContextClassLoader(HubBroker.class.getClassLoader());
        ServiceIdentity service = ServiceIdentity.generate();
        try {
            artemis = EmbeddedArtemis.start(settings, new ClinicSecurityManager(() -> registry, service));
        } catch (BrokerStartException e) {
            System.err.println(e.getMessage());
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
        System.out.println("Salus hub broker listening on " + settings.host() + ":" + settings.port()
                + (tls == null ? "" : " and, over TLS, on " + tls.host() + ":" + tls.port()) + " (MQTT 5, journal in "
                + settings.dataDir() + ", started in " + (System.nanoTime() - start) / 1_000_000 + " ms)");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("salus.broker.uri", serverUri(settings.host(), settings.port()));
        access = context.registerService(BrokerAccess.class, service.access(serverUri(settings.host(), settings.port()),
                artemis::connectedDevices), props);
    }

    /** Where a service of this process connects: loopback when the broker listens on every interface. */
    static String serverUri(String host, int port) {
        String h = host.equals("0.0.0.0") || host.isBlank() ? "127.0.0.1" : host.equals("::") || host.equals("[::]") ? "[::1]" : host;
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return "tcp://" + h + ":" + port;
    }

    @Deactivate
    void deactivate() throws Exception {
        if (access != null) {
            try {
                access.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework removed it first
            }
            access = null;
        }
        if (artemis != null) {
            EmbeddedArtemis.Settings s = artemis.settings();
            artemis.stop();
            artemis = null;
            System.out.println("Salus hub broker stopped listening on " + s.host() + ":" + s.port());
        }
    }

    /** Names the file an operator edits: FileInstall's folder when the hub has one. */
    static String whereToChange(String fileInstallDir) {
        if (fileInstallDir == null || fileInstallDir.isBlank()) {
            return "the configuration " + PID;
        }
        String dir = fileInstallDir.split(",")[0].trim();
        return (dir.endsWith("/") ? dir : dir + "/") + PID + ".cfg";
    }
}
