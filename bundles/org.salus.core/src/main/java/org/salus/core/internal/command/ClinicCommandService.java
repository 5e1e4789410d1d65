package org.salus.core.internal.command;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.core.access.AccessControl;
import org.salus.core.access.AccessControlUnavailableException;
import org.salus.core.access.AccessDecision;
import org.salus.core.access.AccessLedger;
import org.salus.core.access.AccessRecords;
import org.salus.core.access.AccessRefusedException;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.access.SessionRefusedException;
import org.salus.core.command.Actor;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.Command;
import org.salus.core.command.CommandResult;
import org.salus.core.command.InvalidInputException;
import org.salus.core.internal.access.AccessGate;
import org.salus.core.internal.access.CheckedReads;
import org.salus.core.internal.plugin.PluginLedger;
import org.salus.core.internal.projection.Projector;
import org.salus.core.internal.store.StoreAccess;
import org.salus.core.op.CanonicalJson;
import org.salus.core.op.HybridLogicalClock;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.UuidV7;
import org.salus.core.platform.ClinicClock;
import org.salus.core.store.ClinicStore;
import org.salus.core.store.OpApplier;
import org.salus.core.store.StoreTransaction;
import org.salus.core.store.StoreWork;

/**
 * Records clinic commands: validation, operations, op log and projections in one store transaction.
 * The store reference is dynamic and optional, so this service stays up while the store bundle is stopped, updated
 * or swapped; commands issued meanwhile wait up to {@code storeWaitMillis} for a store.
 * <p>
 * Every command is checked first: the bound {@link AccessControl} decides, inside the command's transaction, whether
 * the user behind the {@link Actor}'s session holds the permission the command names. A refusal records one audit
 * operation and nothing else; with no access control bound every command is refused. The access control receives
 * this service's {@link AccessLedger} to record users, roles and authentication events on the same chain.
 * <p>
 * It is also the {@link AccessGate} of the read services (queries, audit): their reads are decided by the same access
 * control, and a refused read is recorded by the same refusal record on this device's chain.
 * <p>
 * Outside OSGi, construct it with a clock and {@link DeviceSettings}, then call {@link #bindStore(ClinicStore)} and
 * {@link #bindAccessControl(AccessControl)}; hand it to the read services as their gate.
 */
@Component(name = "org.salus.core.commands", configurationPid = DeviceConfig.PID,
        service = {ClinicCommands.class, AccessGate.class, PluginLedger.class})
@Designate(ocd = DeviceConfig.class)
public class ClinicCommandService implements ClinicCommands, AccessGate, PluginLedger {

    /** Meta key under which a generated device id is kept in the store. */
    public static final String META_DEVICE_ID = "device.id";
    /** Largest number of commands in one batch. */
    public static final int MAX_BATCH = 1000;
    /** The entity type refusals are recorded against: the user (or {@value AccessLedger#ANONYMOUS_USER}). */
    public static final String USER_ENTITY = "User";
    /** What a refusal record names as the permission of a read that needs no particular permission, only a usable session. */
    public static final String SESSION_ONLY = "session";

    private final ClinicClock clock;
    private final OpApplier projector = new Projector();
    private final UuidV7 ids;
    private final StoreAccess store;
    private final AccessLedger ledger = new Ledger();
    private volatile DeviceSettings settings;
    private volatile AccessControl access;
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
        rebuildIfAsked(s);
        store.bind(s);
    }

    /**
     * A migration that adds a projection derived from the op log (schema 4: the registers' field history) asks for one
     * rebuild with the meta value {@value #REBUILD_META}; it runs before the store is used, and the request is cleared
     * only after the rebuild committed, so a crash in between rebuilds again.
     */
    static final String REBUILD_META = "projections.rebuild";

    private void rebuildIfAsked(ClinicStore s) {
        String why;
        try {
            why = s.read(tx -> tx.meta(REBUILD_META).orElse(""));
        } catch (RuntimeException e) {
            return; // a store that cannot be read is reported by its own use
        }
        if (why.isBlank()) {
            return;
        }
        long t0 = System.nanoTime();
        long ops = s.rebuildProjections(projector);
        s.write(tx -> {
            tx.putMeta(REBUILD_META, "");
            return null;
        });
        System.getLogger(ClinicCommandService.class.getName()).log(System.Logger.Level.INFO, "Projections of " + s.location()
                + " rebuilt from " + ops + " operations (" + why + ") in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    public void unbindStore(ClinicStore s) {
        store.unbind(s);
    }

    /** An access control appeared (a higher-ranked one replaces the current); it receives this service's ledger. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindAccessControl(AccessControl ac) {
        AccessControl previous;
        synchronized (ledger) {
            previous = access;
            access = ac;
        }
        ac.attach(ledger);
        if (previous != null && previous != ac) {
            previous.detach(ledger);
        }
    }

    /** The access control went away: from now on every command is refused until another appears. */
    public void unbindAccessControl(AccessControl ac) {
        synchronized (ledger) {
            if (access == ac) {
                access = null;
            }
        }
        ac.detach(ledger);
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
        AccessControl ac = access;
        if (ac == null) {
            throw new AccessControlUnavailableException("No access control is running, so nobody can be checked: every change to"
                    + " clinic data is refused until the security bundle (org.salus.security) is started. Nothing was saved.");
        }
        DeviceSettings s = settings;
        Outcome outcome = store.call(st -> st.write(tx -> {
            String device = deviceId(tx, s);
            OpWriter writer = new OpWriter(tx, projector, s.clinicId(), device, clockFor(device, s), ids, clock::now);
            LedgerTransaction records = LedgerTransaction.reading(tx, device, clock);
            String userId = null;
            Set<String> checked = new HashSet<>();
            for (Command c : batch) {
                String permission = c.permission();
                if (!checked.add(permission)) {
                    continue;
                }
                AccessDecision d = ask(ac, actor, permission, records);
                if (!d.allowed()) {
                    return Outcome.refused(d, permission, recordRefusal(writer, d, permission, Map.of("command", c.getClass().getSimpleName())));
                }
                if (userId != null && !userId.equals(d.userId())) {
                    throw new IllegalStateException("the access control named two users for one session: " + userId + ", " + d.userId());
                }
                userId = d.userId();
            }
            Recorder recorder = new Recorder(writer, userId, ids, clock.today());
            for (Command c : batch) {
                recorder.record(c);
            }
            return Outcome.recorded(recorder.result());
        }));
        return outcome.resultOrThrow();
    }

    /** Asks the access control; a missing decision counts as a refused session. */
    private static AccessDecision ask(AccessControl ac, Actor actor, String permission, AccessRecords records) {
        AccessDecision d = permission == null ? ac.decideSession(actor, records) : ac.decide(actor, permission, records);
        return d != null ? d : AccessDecision.refuseSession(SessionRefusedException.Problem.UNKNOWN, null, null, "the access control gave no decision");
    }

    /**
     * Records a refusal, of a command or of a read, as one audit operation (it changes no projection), in the write
     * transaction that then commits.
     *
     * @param permission the permission asked for, or null for a read that needs only a usable session
     * @param what what was refused: {@code command} and its name, or {@code read} and {@code asked}
     */
    private static OpEnvelope recordRefusal(OpWriter writer, AccessDecision d, String permission, Map<String, ?> what) throws SQLException {
        String subject = d.userId() == null ? AccessLedger.ANONYMOUS_USER : d.userId();
        Map<String, Object> details = new TreeMap<>(what);
        details.put("permission", permission == null ? SESSION_ONLY : permission);
        details.put("outcome", d.outcome().name());
        details.put("reason", d.reason());
        if (d.sessionProblem() != null) {
            details.put("sessionProblem", d.sessionProblem().name());
        }
        return writer.emit(subject, USER_ENTITY, subject, AccessLedger.OP_ACCESS_DENIED, CanonicalJson.write(details));
    }

    /** What a write transaction ended with: a result, or a refusal recorded and committed that is thrown afterwards. */
    private record Outcome(CommandResult result, AccessDecision refusal, String permission, OpEnvelope refusalOp) {

        static Outcome recorded(CommandResult result) {
            return new Outcome(result, null, null, null);
        }

        static Outcome refused(AccessDecision d, String permission, OpEnvelope op) {
            return new Outcome(null, d, permission, op);
        }

        CommandResult resultOrThrow() {
            if (refusal == null) {
                return result;
            }
            throw refusedException(refusal, permission, refusalOp);
        }
    }

    /** The typed exception for a recorded refusal. */
    private static AccessRefusedException refusedException(AccessDecision d, String permission, OpEnvelope refusalOp) {
        String reason = d.reason() == null ? "no reason was given" : d.reason();
        if (d.outcome() == AccessDecision.Outcome.DENIED) {
            return new PermissionDeniedException(d.userId(), d.userName(), permission, reason, refusalOp.opId());
        }
        return new SessionRefusedException(d.sessionProblem(), d.userId(), permission, reason, refusalOp.opId());
    }

    // ---- the ledger of plugin entity types ----

    @Override
    public <T> T write(Actor actor, String permission, String what, PluginLedger.Work<T> work) {
        if (actor == null) {
            throw new InvalidInputException("actor", "a user must be named for every change to clinic data");
        }
        AccessControl ac = access;
        if (ac == null) {
            throw new AccessControlUnavailableException("No access control is running, so nobody can be checked: every change to"
                    + " clinic data is refused until the security bundle (org.salus.security) is started. Nothing was saved.");
        }
        DeviceSettings s = settings;
        PluginOutcome<T> outcome = store.call(st -> st.write(tx -> {
            String device = deviceId(tx, s);
            OpWriter writer = new OpWriter(tx, projector, s.clinicId(), device, clockFor(device, s), ids, clock::now);
            AccessDecision d = ask(ac, actor, permission, LedgerTransaction.reading(tx, device, clock));
            if (!d.allowed()) {
                OpEnvelope refusal = recordRefusal(writer, d, permission, Map.of("command", what));
                return new PluginOutcome<T>(null, d, refusal);
            }
            String userId = d.userId();
            return new PluginOutcome<>(work.run(new PluginLedger.Writer() {

                @Override
                public StoreTransaction tx() {
                    return tx;
                }

                @Override
                public String newId() {
                    return writer.newId();
                }

                @Override
                public OpEnvelope emit(String entityType, String entityId, String opType, String payload) throws SQLException {
                    return writer.emit(userId, entityType, entityId, opType, payload);
                }
            }), null, null);
        }));
        if (outcome.refusal() != null) {
            throw refusedException(outcome.refusal(), permission, outcome.refusalOp());
        }
        return outcome.value();
    }

    @Override
    public <T> T read(Actor actor, String permission, String read, Map<String, ?> asked, StoreWork<T> work) {
        return new CheckedReads(store, this).read(actor, permission, read, asked, work);
    }

    /** What a plugin's write transaction ended with: its value, or a refusal recorded and committed. */
    private record PluginOutcome<T>(T value, AccessDecision refusal, OpEnvelope refusalOp) {
    }

    // ---- the gate of the read services ----

    @Override
    public AccessDecision decide(Actor actor, String permission, StoreTransaction tx) {
        if (actor == null) {
            throw new InvalidInputException("actor", "every read of clinic data names the session of a logged-in user");
        }
        AccessControl ac = access;
        if (ac == null) {
            throw new AccessControlUnavailableException("No access control is running, so nobody can be checked: clinic data and the"
                    + " audit trail cannot be read until the security bundle (org.salus.security) is started.");
        }
        DeviceSettings s = settings;
        return ask(ac, actor, permission, LedgerTransaction.reading(tx, () -> readingDeviceId(tx, s), clock));
    }

    @Override
    public AccessRefusedException refusal(AccessDecision refused, String permission, String read, Map<String, ?> asked) {
        if (refused == null || refused.allowed()) {
            throw new IllegalArgumentException("only a refused decision is recorded as a refusal");
        }
        Map<String, Object> what = new TreeMap<>();
        what.put("read", read);
        what.put("asked", asked == null ? Map.of() : asked);
        DeviceSettings s = settings;
        OpEnvelope op = store.call(st -> st.write(tx -> {
            String device = deviceId(tx, s);
            OpWriter writer = new OpWriter(tx, projector, s.clinicId(), device, clockFor(device, s), ids, clock::now);
            return recordRefusal(writer, refused, permission, what);
        }));
        return refusedException(refused, permission, op);
    }

    /** This device's id for a read transaction: a device that has written nothing yet has none, and "" matches no operation. */
    private static String readingDeviceId(StoreTransaction tx, DeviceSettings s) {
        return s.deviceId().isEmpty() ? tx.meta(META_DEVICE_ID).orElse("") : s.deviceId();
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

    /** The ledger handed to the access control: operations on this device's chain, attributed to the user it names. */
    private final class Ledger implements AccessLedger {

        @Override
        public <T> T write(String userId, Work<T> work) {
            if (userId == null || userId.isBlank()) {
                throw new IllegalArgumentException("every operation names its user");
            }
            DeviceSettings s = settings;
            return store.call(st -> st.write(tx -> {
                String device = deviceId(tx, s);
                OpWriter writer = new OpWriter(tx, projector, s.clinicId(), device, clockFor(device, s), ids, clock::now);
                return work.run(LedgerTransaction.writing(writer, userId, clock));
            }));
        }

        @Override
        public <T> T read(ReadWork<T> work) {
            DeviceSettings s = settings;
            return store.call(st -> st.read(tx -> work.run(LedgerTransaction.reading(tx, readingDeviceId(tx, s), clock))));
        }
    }

    @Override
    public String toString() {
        return "ClinicCommandService[" + Objects.toString(store.currentOrNull(), "no store") + "]";
    }
}
