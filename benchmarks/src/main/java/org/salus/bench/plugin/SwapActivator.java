package org.salus.bench.plugin;

import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The activator of the plugin the plugin-swap benchmark installs and updates: it offers one service, as a small plugin does. */
public class SwapActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("salus.bench.version", context.getBundle().getVersion().toString());
        context.registerService(Runnable.class, () -> { }, props);
    }

    @Override
    public void stop(BundleContext context) {
    }
}
