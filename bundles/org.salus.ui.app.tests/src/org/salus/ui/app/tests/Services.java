package org.salus.ui.app.tests;

import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** Real OSGi services, as the workstation gets them from Declarative Services; trackers stay open while the tests run. */
final class Services {

    private Services() {
    }

    static <T> T await(Class<T> type) {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context(), type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(60));
            if (service == null) {
                throw new AssertionError("no " + type.getName() + " service within 60 s");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A service whose registration matches an LDAP filter, waiting for it. */
    static <T> T await(Class<T> type, String filter) {
        try {
            ServiceTracker<T, T> tracker = new ServiceTracker<>(context(),
                    context().createFilter("(&(objectClass=" + type.getName() + ")" + filter + ")"), null);
            tracker.open();
            T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(60));
            if (service == null) {
                throw new AssertionError("no " + type.getName() + " service " + filter + " within 60 s");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }

    static BundleContext context() {
        return FrameworkUtil.getBundle(Services.class).getBundleContext();
    }
}
