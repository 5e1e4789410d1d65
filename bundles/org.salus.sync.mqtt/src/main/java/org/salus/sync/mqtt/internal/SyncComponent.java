package org.salus.sync.mqtt.internal;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;

import javax.net.ssl.SSLSocketFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.core.store.ClinicStore;
import org.salus.core.store.OpApplier;
import org.salus.sync.mqtt.NegativeStock;
import org.salus.sync.mqtt.SyncState;
import org.salus.sync.mqtt.SyncStatus;

/**
 * Runs the sync engine of this device against the clinic store and the core's projector, once configured. A store
 * that goes away (stopped, updated, swapped) stops the engine; the next one starts it again from what the store keeps.
 * With several stores in one framework, {@code store.target} picks this engine's.
 */
@Component(name = SyncConfig.PID, configurationPid = SyncConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = SyncConfig.class, factory = true)
public class SyncComponent implements SyncStatus {

    private final SyncEngine engine;

    @Activate
    public SyncComponent(SyncConfig config, @Reference(name = "store", policyOption = ReferencePolicyOption.GREEDY) ClinicStore store,
            @Reference(name = "projector", target = "(salus.projector=core)") OpApplier projector) {
        SyncSettings s = SyncSettings.from(config);
        engine = new SyncEngine(s, new DeviceLog(store, projector, s.clinicId(), s.deviceId()), hubLink(s, HubTargets.from(config)),
                Clock.systemUTC());
        engine.start();
    }

    /** One link per hub target, in order; {@code ssl://} targets trust what the trust setting names. */
    static HubLink hubLink(SyncSettings s, HubTargets targets) {
        SSLSocketFactory tls = targets.trustStore() == null || !targets.anyTls() ? null
                : HubTrust.socketFactory(targets.trustStore(), targets.trustStorePassword());
        String trustedBy = tls == null ? null : targets.trustStore().toAbsolutePath().toString();
        List<PahoHubLink> links = targets.urls().stream()
                .map(u -> new PahoHubLink(u, s.clientId(), s.deviceId(), s.secret(), tls, trustedBy)).toList();
        return new OrderedHubLink(links, targets.urls(), targets.preferredRetryMillis(), System::currentTimeMillis);
    }

    /** Public, so that a runtime without Declarative Services (a benchmark, a tool) stops the engine too. */
    @Deactivate
    public void deactivate() {
        engine.stop();
    }

    @Override
    public SyncState state() {
        return engine.state();
    }

    @Override
    public CompletionStage<SyncState> syncNow() {
        return engine.syncNow();
    }

    @Override
    public List<NegativeStock> negativeStock() {
        return engine.negativeStock();
    }
}
