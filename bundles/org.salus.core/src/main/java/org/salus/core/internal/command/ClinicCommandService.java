package org.salus.core.internal.command;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.core.command.Actor;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.Command;
import org.salus.core.command.CommandResult;
import org.salus.core.command.InvalidInputException;
import org.salus.core.internal.projection.Projector;
import org.salus.core.internal.store.StoreAccess;
import org.salus.core.op.HybridLogicalClock;
import org.salus.core.op.UuidV7;
import org.salus.core.platform.ClinicClock;
import org.salus.core.store.ClinicStore;
import org.salus.core.store.OpApplier;
import org.salus.core.store.StoreTransaction;

/**
 * Records clinic commands: validation, operations, op log and projections in one store transaction.
 * The store reference is dynamic and optional, so this service stays up while the store bundle is stopped, updated
 * or swapped; commands issued meanwhile wait up to {@code storeWaitMillis} for a store.
 * Outside OSGi, construct it with a clock and {@link DeviceSettings} and call {@link #bindStore(ClinicStore)}.
 */
@Component(name = "org.salus.core.commands", configurationPid = DeviceConfig.PID)
@Designate(ocd = DeviceConfig.class)
public class ClinicCommandService implements ClinicCommands {

    /** Meta key under which a generated device id is kept in the store. */
    public static final String META_DEVICE_ID = "device.id";
    /** Largest number of commands in one batch. */
    public static final int MAX_BATCH = 1000;

    private final ClinicClock clock;
    private final OpApplier projector = new Projector();
    private final UuidV7 ids;
    private final StoreAccess store;
    private volatile DeviceSettings settings;
    private HybridLogicalClock hlc;

    @Activate
    public ClinicCommandService(@Reference ClinicClock clock, DeviceConfig config) {
        this(clock, DeviceSettings.from(config));
    }

    public ClinicCommandService(ClinicClock clock, DeviceSettings settings) {
        this.clock = clock;
        this.settings = settings;
        this.ids = new UuidV7(() -> clock.now().toEpochMilli(), new SecureRandom());
        this.store = new StoreAccess(settings.storeWaitMillis());
    }

    @Modified
    void modified(DeviceConfig config) {
        DeviceSettings s = DeviceSettings.from(config);
        settings = s;
        store.setWaitMillis(s.storeWaitMillis());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindStore(ClinicStore s) {
        store.bind(s);
    }

    public void unbindStore(ClinicStore s) {
        store.unbind(s);
    }

    @Override
    public CommandResult execute(Actor actor, Command command) {
        if (command == null) {
            throw new InvalidInputException("command", "no command was given");
        }
        return executeAll(actor, List.of(command));
    }

    @Override
    public CommandResult executeAll(Actor actor, List<? extends Command> batch) {
        if (actor == null) {
            throw new InvalidInputException("actor", "a user must be named for every change to clinic data");
        }
        if (batch == null || batch.isEmpty()) {
            throw new InvalidInputException("batch", "a batch needs at least one command");
        }
        if (batch.size() > MAX_BATCH) {
            throw new InvalidInputException("batch", "a batch holds at most " + MAX_BATCH + " commands (this one has " + batch.size() + ")");
        }
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) == null) {
                throw new InvalidInputException("batch", "command " + (i + 1) + " of the batch is missing");
            }
        }
        DeviceSettings s = settings;
        return store.call(st -> st.write(tx -> {
            String device = deviceId(tx, s);
            Recorder recorder = new Recorder(tx, projector, s.clinicId(), device, actor, clockFor(device, s), ids, clock::now,
                    clock.today());
            for (Command c : batch) {
                recorder.record(c);
            }
            return recorder.result();
        }));
    }

    /** This device's id: configured, or generated once and kept in the store. */
    private String deviceId(StoreTransaction tx, DeviceSettings s) {
        if (!s.deviceId().isEmpty()) {
            return s.deviceId();
        }
        return tx.meta(META_DEVICE_ID).orElseGet(() -> {
            String generated = ids.nextString();
            tx.putMeta(META_DEVICE_ID, generated);
            return generated;
        });
    }

    private synchronized HybridLogicalClock clockFor(String deviceId, DeviceSettings s) {
        String node = HybridLogicalClock.nodeOf(deviceId);
        if (hlc == null || !hlc.node().equals(node)) {
            hlc = new HybridLogicalClock(node, () -> clock.now().toEpochMilli(), s.maxClockSkewMillis());
        }
        return hlc;
    }

    /** The device id this service writes as with the current store, for tools and tests. */
    public String currentDeviceId() {
        DeviceSettings s = settings;
        return store.call(st -> st.write(tx -> deviceId(tx, s)));
    }

    @Override
    public String toString() {
        return "ClinicCommandService[" + Objects.toString(store.currentOrNull(), "no store") + "]";
    }
}
