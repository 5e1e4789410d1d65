package org.salus.plugins.tests.sample;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The activator of a broken sample plugin: it throws on start. */
public class FailingActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("the sample plugin refuses to start");
    }

    @Override
    public void stop(BundleContext context) {
    }
}
