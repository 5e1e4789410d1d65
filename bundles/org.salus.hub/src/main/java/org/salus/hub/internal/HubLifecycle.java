package org.salus.hub.internal;

import java.io.File;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Stops the OSGi framework when the hub process is asked to end (SIGTERM, SIGINT), so every component is
 * deactivated and the broker and stores close their files, then exits with status 0. Also logs bundles that
 * come and go, which is how an operator sees a plugin dropped into {@code load/} being deployed.
 */
@Component(name = "org.salus.hub.lifecycle", immediate = true, service = {})
public class HubLifecycle implements SynchronousBundleListener {

    /** How long the framework may take to stop before the process exits anyway. */
    static final long STOP_TIMEOUT_MS = 30_000;

    private final BundleContext context;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final SignalTrap signals;
    private final Thread hook;

    @Activate
    public HubLifecycle(BundleContext context) {
        this.context = context;
        ensureDeployFolder(context.getProperty("felix.fileinstall.dir"));
        context.addBundleListener(this);
        this.hook = new Thread(this::onJvmShutdown, "salus-hub-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        this.signals = SignalTrap.install(signal -> new Thread(() -> stopFramework("SIG" + signal, true), "salus-hub-stop").start());
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        signals.uninstall();
        if (!stopping.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is already exiting; the hook runs and finds the framework stopped
            }
        }
    }

    /** Creates the folder FileInstall watches, so a fresh install deploys what is dropped there. */
    static void ensureDeployFolder(String dir) {
        if (dir != null && !dir.isBlank()) {
            new File(dir).mkdirs();
        }
    }

    private void onJvmShutdown() {
        if (stopping.get()) {
            // a signal is stopping the framework: keep the JVM alive until that stop has finished and exited
            awaitStopped();
        } else {
            stopFramework("JVM shutdown", false);
        }
    }

    private void awaitStopped() {
        try {
            stopped.await(STOP_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stopFramework(String why, boolean exitAfter) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        long start = System.currentTimeMillis();
        System.out.println("Salus hub stopping (" + why + ")");
        Framework framework = context.getBundle(0).adapt(Framework.class);
        int status = 0;
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(STOP_TIMEOUT_MS);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.out.println("Salus hub did not stop within " + STOP_TIMEOUT_MS + " ms; exiting anyway");
                status = 1;
            } else {
                System.out.println("Salus hub stopped cleanly in " + (System.currentTimeMillis() - start) + " ms");
            }
        } catch (Exception e) {
            System.out.println("Salus hub stop failed: " + e);
            status = 1;
        }
        System.out.flush();
        if (exitAfter) {
            // the launcher exits with its own code once the framework stops, and the shutdown hook holds the JVM
            // until this line: a clean stop on request ends with status 0
            Runtime.getRuntime().halt(status);
        }
        stopped.countDown();
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String what = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "installed";
            case BundleEvent.STARTED -> "started";
            case BundleEvent.STOPPED -> "stopped";
            case BundleEvent.UPDATED -> "updated";
            case BundleEvent.UNINSTALLED -> "uninstalled";
            default -> null;
        };
        Bundle b = event.getBundle();
        if (what != null && !stopping.get()) {
            System.out.println("[hub] bundle " + what + ": " + b.getSymbolicName() + " " + b.getVersion() + " (" + b.getBundleId() + ")");
        }
    }
}
