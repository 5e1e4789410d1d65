package org.salus.device.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.salus.device.DeviceSecrets;

/**
 * Hands the sync engine its device secret as ConfigAdmin delivers the engine's configuration: the secret stays in the
 * {@link DeviceSecrets} store, and the configuration files (in clear on disk) never hold it.
 */
@Component(property = {"cm.target=" + Configs.SYNC_PID, "service.cmRanking:Integer=0"})
public class SecretPlugin implements ConfigurationPlugin {

    /** The engine's private property for the secret. */
    static final String SECRET = ".secret";
    private static final System.Logger LOG = System.getLogger(SecretPlugin.class.getName());

    private final DeviceSecrets secrets;

    @Activate
    public SecretPlugin(@Reference(policyOption = ReferencePolicyOption.GREEDY) DeviceSecrets secrets, @Reference ConfigurationAdmin cm,
            BundleContext context) {
        this.secrets = secrets;
        redeliverToRunningEngines(cm, context);
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        Object given = properties.get(SECRET);
        Object device = properties.get("deviceId");
        if (device == null || given != null && !given.toString().isEmpty()) {
            return;
        }
        try {
            Optional<char[]> secret = secrets.secret(device.toString());
            if (secret.isPresent()) {
                properties.put(SECRET, new String(secret.get()));
                Arrays.fill(secret.get(), '\0');
            } else {
                LOG.log(System.Logger.Level.WARNING, "No secret is kept for device " + device + " in " + secrets.describe()
                        + ": the sync engine cannot sign in to the hub until the workstation is enrolled again");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "The secret of device " + device + " cannot be read from " + secrets.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /** An engine that started before this plugin got its configuration without the secret: deliver it again. */
    private static void redeliverToRunningEngines(ConfigurationAdmin cm, BundleContext context) {
        try {
            ServiceReference<?>[] engines = context.getServiceReferences("org.salus.sync.mqtt.SyncStatus", null);
            if (engines == null) {
                return;
            }
            Configuration[] configs = cm.listConfigurations("(|(service.pid=" + Configs.SYNC_PID + ")(service.factoryPid=" + Configs.SYNC_PID
                    + "))");
            for (Configuration c : configs == null ? new Configuration[0] : configs) {
                Dictionary<String, Object> p = c.getProperties();
                if (p != null && p.get(SECRET) == null) {
                    Hashtable<String, Object> same = new Hashtable<>();
                    for (var keys = p.keys(); keys.hasMoreElements();) {
                        String k = keys.nextElement();
                        same.put(k, p.get(k));
                    }
                    c.update(same);
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.log(System.Logger.Level.WARNING, "The sync engine's configuration cannot be delivered again: " + e.getMessage(), e);
        }
    }
}
