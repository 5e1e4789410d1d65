package org.salus.core.internal.conflict;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.salus.core.access.Permissions;
import org.salus.core.command.Actor;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.CommandResult;
import org.salus.core.command.InvalidInputException;
import org.salus.core.command.ResolveConflict;
import org.salus.core.conflict.ClinicConflicts;
import org.salus.core.conflict.ConflictNotFoundException;
import org.salus.core.conflict.RegisterConflict;
import org.salus.core.internal.access.AccessGate;
import org.salus.core.internal.access.CheckedReads;
import org.salus.core.internal.command.DeviceConfig;
import org.salus.core.internal.projection.RegisterHistory;
import org.salus.core.internal.store.StoreAccess;
import org.salus.core.store.ClinicStore;

/**
 * The conflict records of the registers, read from the projection and resolved through the command service (the
 * {@link ResolveConflict} command), so a resolution is checked, chained and synced like every other change.
 * With several devices in one framework, {@code Commands.target} and {@code Gate.target} pick this device's command
 * service. Outside OSGi, construct it with the command service as commands and gate, and bind the store.
 */
@Component(name = "org.salus.core.conflicts", configurationPid = DeviceConfig.PID)
public class ConflictService implements ClinicConflicts {

    /** The most records a list returns. */
    static final int LIMIT = 10_000;

    private final ClinicCommands commands;
    private final AccessGate gate;
    private final StoreAccess store;
    private final CheckedReads reads;

    @Activate
    public ConflictService(@Reference(name = "Commands") ClinicCommands commands, @Reference(name = "Gate") AccessGate gate,
            DeviceConfig config) {
        this(commands, gate, config.storeWaitMillis());
    }

    public ConflictService(ClinicCommands commands, AccessGate gate, long storeWaitMillis) {
        this.commands = commands;
        this.gate = gate;
        this.store = new StoreAccess(storeWaitMillis);
        this.reads = new CheckedReads(store, gate);
    }

    @Modified
    void modified(DeviceConfig config) {
        store.setWaitMillis(config.storeWaitMillis());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindStore(ClinicStore s) {
        store.bind(s);
    }

    public void unbindStore(ClinicStore s) {
        store.unbind(s);
    }

    @Override
    public List<RegisterConflict> open(Actor actor) {
        return reads.read(actor, null, "ClinicConflicts.open", Map.of(), tx -> {
            List<RegisterConflict> all = RegisterHistory.open(tx.connection(), null, null, LIMIT);
            if (all.stream().noneMatch(k -> k.entityType().equals("Patient")) || gate.decide(actor, Permissions.PATIENT_READ, tx).allowed()) {
                return all;
            }
            // patients' records are told only to those who may read patients; the list is theirs without them
            return all.stream().filter(k -> !k.entityType().equals("Patient")).toList();
        });
    }

    @Override
    public List<RegisterConflict> open(Actor actor, String entityType, String entityId) {
        String type = entityType(entityType);
        if (entityId == null || entityId.isBlank()) {
            throw new InvalidInputException("entityId", "name the " + type.toLowerCase() + " whose conflicts are asked for");
        }
        return reads.read(actor, readPermission(type), "ClinicConflicts.open", Map.of("entityType", type, "entityId", entityId),
                tx -> RegisterHistory.open(tx.connection(), type, entityId, LIMIT));
    }

    @Override
    public Optional<RegisterConflict> conflict(Actor actor, String conflictId) {
        String id = conflictId(conflictId);
        Optional<RegisterConflict> found = reads.read(actor, null, "ClinicConflicts.conflict", Map.of("conflictId", id),
                tx -> RegisterHistory.conflict(tx.connection(), id));
        if (found.isPresent() && found.get().entityType().equals("Patient")) {
            // read again under patient.read: a refusal is recorded and nothing of the record is handed out
            return reads.read(actor, Permissions.PATIENT_READ, "ClinicConflicts.conflict", Map.of("conflictId", id),
                    tx -> RegisterHistory.conflict(tx.connection(), id));
        }
        return found;
    }

    @Override
    public CommandResult resolve(Actor actor, String conflictId, ResolveConflict.Choice choice, String mergedValue) {
        String id = conflictId(conflictId);
        if (choice == null) {
            throw new InvalidInputException("choice", "choose the left value, the right value or a merged value");
        }
        RegisterConflict k = reads.read(actor, null, "ClinicConflicts.resolve", Map.of("conflictId", id),
                tx -> RegisterHistory.conflict(tx.connection(), id)).orElseThrow(() -> new ConflictNotFoundException(id));
        // the command checks the permission that edits the field, and checks again that the record is open
        return commands.execute(actor, new ResolveConflict(id, k.entityType(), choice, mergedValue));
    }

    private static String readPermission(String entityType) {
        return entityType.equals("Patient") ? Permissions.PATIENT_READ : null;
    }

    private static String entityType(String entityType) {
        if (!"Patient".equals(entityType) && !"Medicine".equals(entityType)) {
            throw new InvalidInputException("entityType", "conflicts are recorded for Patient and Medicine, not " + entityType);
        }
        return entityType;
    }

    private static String conflictId(String id) {
        if (id == null || id.isBlank() || id.length() > 64) {
            throw new InvalidInputException("conflictId", "name a conflict record by its id (at most 64 characters)");
        }
        return id.strip();
    }
}
