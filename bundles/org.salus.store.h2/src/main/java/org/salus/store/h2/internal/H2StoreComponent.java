package org.salus.store.h2.internal;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.core.store.ClinicStore;
import org.salus.core.store.DatabaseKeyProvider;

/**
 * Opens the clinic store and offers it as a {@link ClinicStore} service only when it is healthy. A store that cannot
 * be opened safely is quarantined (see {@link Quarantine}): no service, the files untouched, a report beside them.
 * Registering by hand (instead of declaring the service) is what lets a failed check keep the service away.
 */
// The store opens only once configured: a database must never appear in whatever the working directory happens to be.
@Component(name = "org.salus.store.h2", configurationPid = StoreConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = StoreConfig.class)
public class H2StoreComponent {

    private static final System.Logger LOG = System.getLogger(H2StoreComponent.class.getName());

    private final Object lock = new Object();
    private H2ClinicStore store;
    private ServiceRegistration<ClinicStore> registration;
    private StoreOpenException failure;

    @Activate
    public H2StoreComponent(BundleContext context, StoreConfig config,
            // named, so a configuration can pick its key provider with keys.target (several stores in one framework)
            @Reference(name = "keys", policyOption = ReferencePolicyOption.GREEDY) DatabaseKeyProvider keys) {
        H2StoreSettings settings = settings(config);
        try {
            H2ClinicStore opened = H2ClinicStore.open(settings, keys);
            Quarantine.clearIfNotSticky(settings);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("salus.store.location", opened.location());
            props.put("salus.store.kind", "h2");
            synchronized (lock) {
                store = opened;
                registration = context.registerService(ClinicStore.class, opened, props);
            }
            opened.onFailure(e -> failed(opened, e.getMessage()));
        } catch (StoreOpenException e) {
            failure = e;
            LOG.log(System.Logger.Level.ERROR, "Clinic store not opened (" + e.reason() + "): " + e.getMessage());
            try {
                Quarantine.report(settings, e);
            } catch (IOException io) {
                LOG.log(System.Logger.Level.ERROR, "The quarantine report " + settings.quarantineReport() + " could not be written: " + io);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "An old quarantine report could not be removed: " + e);
        }
    }

    static H2StoreSettings settings(StoreConfig config) {
        H2StoreSettings.Durability durability;
        try {
            durability = H2StoreSettings.Durability.valueOf(config.durability().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(StoreConfig.PID + ".durability must be SYNC or WRITE, not '" + config.durability() + "'", e);
        }
        return new H2StoreSettings(Paths.get(config.path()), "file", config.verifyTailOps(), durability, config.lockTimeoutMillis(), 4);
    }

    /** Why the store is not offered, if it is not. */
    public StoreOpenException failure() {
        return failure;
    }

    private void failed(H2ClinicStore which, String why) {
        LOG.log(System.Logger.Level.ERROR, "Clinic store withdrawn: " + why);
        withdraw(which);
    }

    private void withdraw(H2ClinicStore which) {
        ServiceRegistration<ClinicStore> reg;
        synchronized (lock) {
            if (store != which) {
                return;
            }
            reg = registration;
            registration = null;
            store = null;
        }
        if (reg != null) {
            try {
                reg.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework removed it first
            }
        }
        // close waits for the work in progress; users got the unregistration first and stopped sending new work here
        which.close();
    }

    @Deactivate
    void deactivate() {
        H2ClinicStore current;
        synchronized (lock) {
            current = store;
        }
        if (current != null) {
            withdraw(current);
        }
    }
}
