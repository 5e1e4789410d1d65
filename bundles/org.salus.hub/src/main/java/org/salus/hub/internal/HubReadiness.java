package org.salus.hub.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.salus.core.platform.PlatformInfo;
import org.salus.hub.monitor.HubHealth;

/**
 * Prints {@code Salus hub ready <version>} once every required component is up, so operators and scripts
 * know when the hub serves. Until then it names, every few seconds, the components it still waits for.
 */
@Component(name = HubReadiness.PID, immediate = true, configurationPid = HubReadiness.PID, service = HubHealth.class)
@Designate(ocd = HubReadiness.Config.class)
public class HubReadiness implements HubHealth {

    static final String PID = "org.salus.hub.readiness";

    @ObjectClassDefinition(name = "Salus hub readiness", description = "Which components must be up before the hub reports ready.")
    public @interface Config {
        @AttributeDefinition(name = "Required components", description = "DS component names that must be active. "
                + "A hub that uses an external broker (Mosquitto, EMQX) leaves out org.salus.hub.broker; one whose hub log is "
                + "not the H2 one names its own instead of org.salus.store.h2.hub.")
        String[] requiredComponents() default { "org.salus.core.platform", "org.salus.core.clock", "org.salus.hub.lifecycle",
                "org.salus.hub.devices", "org.salus.hub.broker", "org.salus.store.h2.hub", "org.salus.hub.sync" };

        @AttributeDefinition(name = "Required bundles", description = "Bundle symbolic names that must be ACTIVE.")
        String[] requiredBundles() default { "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.fileinstall" };

        @AttributeDefinition(name = "Report interval (ms)", description = "How often to name the components still missing.")
        long waitReportMillis() default 5000;
    }

    private final ServiceComponentRuntime scr;
    private final PlatformInfo platform;
    private final ScheduledExecutorService checker;
    private final List<String> required;
    private final List<String> requiredBundles;
    private final BundleContext context;
    private final long reportEvery;
    private volatile boolean ready;
    private volatile long lastReport;
    private ScheduledFuture<?> task;

    @Activate
    public HubReadiness(BundleContext context, @Reference ServiceComponentRuntime scr, @Reference PlatformInfo platform, Config config) {
        this.context = context;
        this.requiredBundles = List.of(config.requiredBundles());
        this.scr = scr;
        this.platform = platform;
        this.required = List.of(config.requiredComponents());
        this.reportEvery = config.waitReportMillis();
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "salus-hub-readiness");
            t.setDaemon(true);
            return t;
        });
        this.lastReport = System.currentTimeMillis();
        this.task = checker.scheduleWithFixedDelay(this::check, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** Asked now, not remembered: a component that stops after the hub became ready makes the hub unready again. */
    @Override
    public List<String> waitingFor() {
        List<String> missing = missing(required, upComponents());
        missing.addAll(missing(requiredBundles, activeBundles()));
        return missing;
    }

    @Override
    public boolean ready() {
        return waitingFor().isEmpty();
    }

    private void check() {
        if (ready) {
            return;
        }
        List<String> missing = waitingFor();
        if (missing.isEmpty()) {
            ready = true;
            long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.println("Salus hub ready " + platform.salusVersion() + " (" + platform.frameworkName() + " "
                    + platform.frameworkVersion() + ", " + platform.activeBundleCount() + " bundles active, " + sinceStart + " ms)");
            task.cancel(false);
        } else if (System.currentTimeMillis() - lastReport >= reportEvery) {
            lastReport = System.currentTimeMillis();
            System.out.println("Salus hub waiting for: " + String.join(", ", missing));
        }
    }

    /**
     * Names of components that have a configuration that is ACTIVE, or SATISFIED and so activated on first use. An
     * immediate component is SATISFIED only while its activate method runs (the broker, while it starts listening),
     * so it counts once it is ACTIVE.
     */
    private Set<String> upComponents() {
        Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs();
        return descriptions.stream()
                .filter(d -> scr.getComponentConfigurationDTOs(d).stream().anyMatch(c -> isUp(d.immediate, c.state)))
                .map(d -> d.name)
                .collect(Collectors.toSet());
    }

    private Set<String> activeBundles() {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getState() == Bundle.ACTIVE && b.getSymbolicName() != null)
                .map(Bundle::getSymbolicName)
                .collect(Collectors.toSet());
    }

    static boolean isUp(boolean immediate, int state) {
        return state == ComponentConfigurationDTO.ACTIVE || (state == ComponentConfigurationDTO.SATISFIED && !immediate);
    }

    static List<String> missing(Collection<String> required, Set<String> up) {
        List<String> missing = new ArrayList<>();
        for (String name : required) {
            if (!name.isBlank() && !up.contains(name.trim())) {
                missing.add(name.trim());
            }
        }
        return missing;
    }


    @Deactivate
    void deactivate() {
        checker.shutdownNow();
    }

    @Override
    public String toString() {
        return "HubReadiness" + Arrays.toString(required.toArray());
    }
}
