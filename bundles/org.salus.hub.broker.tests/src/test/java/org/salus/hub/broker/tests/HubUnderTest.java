package org.salus.hub.broker.tests;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;
import org.salus.hub.device.DeviceIdentity;
import org.salus.hub.device.DeviceRegistry;
import org.salus.hub.mqtt.BrokerAccess;

/**
 * The broker and registry of the framework the tests run in, set up once: a fresh registry file with devices of
 * clinics A and B, then the broker on a free loopback port, started only after it has that configuration.
 */
final class HubUnderTest {

    static final String BROKER = "org.salus.hub.broker";
    static final String REGISTRY = "org.salus.hub.devices";
    /** Generous: a slow build machine must not fail a test that checks what happens, not how fast. */
    static final long WAIT_MS = 60_000;

    private static HubUnderTest instance;

    final BundleContext context;
    final ConfigurationAdmin config;
    final ServiceComponentRuntime scr;
    final DeviceRegistry registry;
    final Path dir;
    final DeviceIdentity a1;
    final DeviceIdentity a2;
    final DeviceIdentity b1;
    private volatile int port;

    static synchronized HubUnderTest get() throws Exception {
        if (instance == null) {
            instance = new HubUnderTest();
        }
        return instance;
    }

    private HubUnderTest() throws Exception {
        context = FrameworkUtil.getBundle(HubUnderTest.class).getBundleContext();
        config = service(ConfigurationAdmin.class);
        dir = Path.of(context.getProperty("salus.test.dir"));
        deleteTree(dir);
        Files.createDirectories(dir);

        // the hub bundle and the broker wait at start level 2: both get their configuration before they first start
        Bundle broker = bundle(BROKER);
        assertNotEquals(Bundle.ACTIVE, broker.getState(), "the broker waits for start level 2");
        update(REGISTRY, props("file", dir.resolve("devices.properties").toString(), "secretsDir", dir.resolve("enrolment").toString()));
        int free = Mqtt.freePort();
        update(BROKER, brokerProps(free, 4 * 1024 * 1024));
        raiseStartLevel(2);

        scr = service(ServiceComponentRuntime.class);
        registry = service(DeviceRegistry.class);
        a1 = registry.enrol("dev-a1", "A");
        a2 = registry.enrol("dev-a2", "A");
        b1 = registry.enrol("dev-b1", "B");
        awaitListening(free);
    }

    int port() {
        return port;
    }

    /** The hub's own service identity at the broker running now (it is made anew at each start of the broker). */
    BrokerAccess access() throws InterruptedException {
        await("the broker offers the hub's service identity on port " + port, () -> {
            ServiceReference<BrokerAccess> r = context.getServiceReference(BrokerAccess.class);
            return r != null && context.getService(r).serverUri().endsWith(":" + port);
        });
        return context.getService(context.getServiceReference(BrokerAccess.class));
    }

    Hashtable<String, Object> brokerProps(int newPort, int maxMessageBytes) {
        return props("host", "127.0.0.1", "port", newPort, "dataDir", dir.resolve("broker").toString(), "maxMessageBytes", maxMessageBytes);
    }

    /** Applies a broker configuration and waits until the restarted broker listens on its port. */
    void moveBroker(int newPort, int maxMessageBytes) throws Exception {
        update(BROKER, brokerProps(newPort, maxMessageBytes));
        awaitListening(newPort);
    }

    void awaitListening(int p) throws InterruptedException {
        await("the broker is active and listens on " + p, () -> brokerState() == ComponentConfigurationDTO.ACTIVE && Mqtt.listening(p));
        port = p;
    }

    /** Stops and starts the broker bundle, as an update of the bundle or a restart of the hub would. */
    void restartBroker() throws Exception {
        Bundle b = bundle(BROKER);
        b.stop();
        await("the old broker closed its port", () -> !Mqtt.listening(port));
        b.start();
        awaitListening(port);
    }

    int brokerState() {
        ComponentConfigurationDTO c = brokerConfiguration();
        return c == null ? -1 : c.state;
    }

    ComponentConfigurationDTO brokerConfiguration() {
        ComponentDescriptionDTO d = scr.getComponentDescriptionDTO(bundle(BROKER), BROKER);
        if (d == null) {
            return null;
        }
        return scr.getComponentConfigurationDTOs(d).stream().findFirst().orElse(null);
    }

    void update(String pid, Hashtable<String, Object> properties) throws IOException {
        config.getConfiguration(pid, "?").update(properties);
    }

    Bundle bundle(String symbolicName) {
        return Stream.of(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst().orElseThrow();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT_MS + " ms for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private void raiseStartLevel(int level) throws InterruptedException {
        FrameworkStartLevel fsl = context.getBundle(0).adapt(FrameworkStartLevel.class);
        if (fsl.getStartLevel() >= level) {
            return;
        }
        CountDownLatch reached = new CountDownLatch(1);
        fsl.setStartLevel(level, e -> {
            if (e.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                reached.countDown();
            }
        });
        if (!reached.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the framework did not reach start level " + level);
        }
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> t = new ServiceTracker<>(context, type, null);
        t.open();
        T s = t.waitForService(WAIT_MS);
        assertNotNull(s, type.getSimpleName() + " is not available");
        return s;
    }

    static Hashtable<String, Object> props(Object... keyValues) {
        Hashtable<String, Object> p = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> paths = all.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.delete(p);
            }
        }
    }
}
