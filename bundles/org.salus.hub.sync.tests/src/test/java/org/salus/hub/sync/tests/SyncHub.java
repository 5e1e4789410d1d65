package org.salus.hub.sync.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;
import org.salus.hub.device.DeviceIdentity;
import org.salus.hub.device.DeviceRegistry;

/**
 * The hub of the framework the tests run in, set up once: a fresh device registry and hub log, the sync service, and
 * either the embedded broker on a free loopback port or (framework property {@code salus.test.broker} = a URL) an
 * external broker, to which the hub and the test devices connect anonymously. Every clinic and device id carries a tag
 * of this run, and the hub shares its subscriptions in a group of its own, so a run on a shared external broker meets
 * no other run's messages.
 */
final class SyncHub {

    static final String SYNC = "org.salus.hub.sync";
    static final String HUB_LOG = "org.salus.store.h2.hub";
    static final String PG_HUB_LOG = "org.salus.store.postgres.hub";
    static final String BROKER = "org.salus.hub.broker";
    static final String REGISTRY = "org.salus.hub.devices";
    /** The largest message the hub reads in these tests, so an oversized push stays below any broker's own limit. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** Generous: a slow build machine must not fail a test that checks what happens, not how fast. */
    static final long WAIT_MS = 60_000;

    private static SyncHub instance;

    final BundleContext context;
    final ConfigurationAdmin config;
    final ServiceComponentRuntime scr;
    final DeviceRegistry registry;
    final Path dir;
    final boolean external;
    final String brokerUri;
    final String runTag;
    final String hubLogDescription;
    private final AtomicInteger ids = new AtomicInteger();

    static synchronized SyncHub get() throws Exception {
        if (instance == null) {
            instance = new SyncHub();
        }
        return instance;
    }

    private SyncHub() throws Exception {
        context = FrameworkUtil.getBundle(SyncHub.class).getBundleContext();
        config = service(ConfigurationAdmin.class);
        dir = Path.of(context.getProperty("salus.test.dir"));
        deleteTree(dir);
        Files.createDirectories(dir);
        byte[] tag = new byte[3];
        new SecureRandom().nextBytes(tag);
        runTag = HexFormat.of().formatHex(tag);
        String broker = context.getProperty("salus.test.broker");
        external = broker != null && !broker.isBlank() && !broker.equals("embedded");

        // the hub, its broker and the H2 bundle wait at start level 2: each gets its configuration before it starts
        update(REGISTRY, props("file", dir.resolve("devices.properties").toString(), "secretsDir", dir.resolve("enrolment").toString()));
        String hubLog = context.getProperty("salus.test.hublog");
        if (hubLog != null && hubLog.startsWith("jdbc:postgresql:")) {
            // a schema of this run's own in the shared test database
            update(PG_HUB_LOG, props("url", hubLog, "user", "postgres", "schema", "salus_hub_it_" + runTag));
            hubLogDescription = hubLog + " schema salus_hub_it_" + runTag;
        } else {
            update(HUB_LOG, props("path", dir.resolve("hub-log").toString()));
            hubLogDescription = "H2 " + dir.resolve("hub-log");
        }
        Hashtable<String, Object> sync = props("maxMessageBytes", MAX_MESSAGE_BYTES);
        if (external) {
            sync.put("brokerUrl", broker);
            sync.put("shareGroup", "salus-it-" + runTag);
            bundle(BROKER).stop();
            brokerUri = broker;
        } else {
            int port = freePort();
            update(BROKER, props("host", "127.0.0.1", "port", port, "dataDir", dir.resolve("broker").toString()));
            brokerUri = "tcp://127.0.0.1:" + port;
        }
        update(SYNC, sync);
        raiseStartLevel(2);

        scr = service(ServiceComponentRuntime.class);
        registry = service(DeviceRegistry.class);
        await("the sync service is active", () -> state(SYNC) == ComponentConfigurationDTO.ACTIVE);
        System.out.println("hub sync tests: broker " + (external ? brokerUri + " (external)" : brokerUri + " (embedded)") + ", hub log "
                + hubLogDescription + ", run " + runTag);
    }

    /** A clinic of its own for one test. */
    String newClinic() {
        return "C" + ids.incrementAndGet() + "_" + runTag;
    }

    /** A device enrolled for the clinic and connected to the broker, once the hub answers it. */
    Device device(String clinicId) throws Exception {
        // a '.' in every id: such a device must reach the hub through every broker (Artemis makes it a word boundary)
        DeviceIdentity id = registry.enrol("dev-" + ids.incrementAndGet() + "." + runTag, clinicId);
        Device d = new Device(brokerUri, clinicId, id.deviceId(), external ? null : id.secret());
        awaitServing(d);
        return d;
    }

    /** Pulls until the hub answers: a pull sent before the hub subscribed reaches no one. */
    private static void awaitServing(Device d) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (d.request(Device.CODEC.encode(new org.salus.sync.wire.PullRequest(0, 1)),
                org.salus.sync.wire.SyncTopics.pullReply(d.clinicId, d.deviceId), 2_000) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the hub did not answer device " + d.deviceId + " within " + WAIT_MS + " ms");
            }
        }
    }

    int state(String component) {
        for (Bundle b : context.getBundles()) {
            ComponentDescriptionDTO d = scr.getComponentDescriptionDTO(b, component);
            if (d != null) {
                return scr.getComponentConfigurationDTOs(d).stream().findFirst().map(c -> c.state).orElse(-1);
            }
        }
        return -1;
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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
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
