package org.salus.plugins.tests.sample;

import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The activator of the sample plugins the tests build: it offers a service that names the plugin's version. */
public class SampleActivator implements BundleActivator {

    /** The service property that carries the plugin's version. */
    public static final String VERSION = "salus.sample.version";

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(VERSION, context.getBundle().getVersion().toString());
        props.put("salus.sample.name", context.getBundle().getSymbolicName());
        context.registerService(Runnable.class, () -> { }, props);
    }

    @Override
    public void stop(BundleContext context) {
    }
}
