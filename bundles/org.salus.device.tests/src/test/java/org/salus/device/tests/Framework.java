package org.salus.device.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/** Small helpers over the framework the tests run in. */
final class Framework {

    /** Generous: a slow build machine must not fail a test that checks what happens, not how fast. */
    static final long WAIT_MS = 60_000;

    static final BundleContext CONTEXT = FrameworkUtil.getBundle(Framework.class).getBundleContext();

    private Framework() {
    }

    static ConfigurationAdmin configAdmin() throws InterruptedException {
        return service(ConfigurationAdmin.class, null);
    }

    /** A service of the type matching the filter (null for any), waiting for it. */
    static <T> T service(Class<T> type, String filter) throws InterruptedException {
        ServiceTracker<T, T> t = tracker(type, filter);
        T s = t.waitForService(WAIT_MS);
        assertNotNull(s, type.getSimpleName() + (filter == null ? "" : " " + filter) + " is not available");
        return s;
    }

    /** An open tracker: a service that comes back after an update is found again. */
    static <T> ServiceTracker<T, T> tracker(Class<T> type, String filter) {
        try {
            ServiceTracker<T, T> t = filter == null ? new ServiceTracker<>(CONTEXT, type, null)
                    : new ServiceTracker<>(CONTEXT, CONTEXT.createFilter("(&(objectClass=" + type.getName() + ")" + filter + ")"), null);
            t.open();
            return t;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }

    /** A filter value with its special characters escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }

    static Bundle bundle(String symbolicName) {
        return Stream.of(CONTEXT.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst().orElseThrow();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT_MS + " ms for: " + what);
            }
            Thread.sleep(25);
        }
    }

    static void raiseStartLevel(int level) throws InterruptedException {
        FrameworkStartLevel fsl = CONTEXT.getBundle(0).adapt(FrameworkStartLevel.class);
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

    static void deleteTree(Path root) throws IOException {
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
