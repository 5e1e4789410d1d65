package org.salus.core.internal.audit;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.salus.core.access.Permissions;
import org.salus.core.audit.AuditLog;
import org.salus.core.command.Actor;
import org.salus.core.command.InvalidInputException;
import org.salus.core.internal.access.AccessGate;
import org.salus.core.internal.access.CheckedReads;
import org.salus.core.internal.command.DeviceConfig;
import org.salus.core.internal.store.StoreAccess;
import org.salus.core.op.ChainReport;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;
import org.salus.core.store.ClinicStore;

/**
 * The audit trail read straight from the op log; every read needs {@code audit.read}, checked by the core's
 * {@link AccessGate}. Outside OSGi, construct it with the command service as its gate and bind the store.
 */
@Component(name = "org.salus.core.audit", configurationPid = DeviceConfig.PID)
public class AuditService implements AuditLog {

    private final StoreAccess store;
    private final CheckedReads reads;

    @Activate
    public AuditService(@Reference AccessGate gate, DeviceConfig config) {
        this(gate, config.storeWaitMillis());
    }

    public AuditService(AccessGate gate, long storeWaitMillis) {
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
    public OpPage find(Actor actor, OpQuery query) {
        if (query == null) {
            throw new InvalidInputException("query", "is required (OpQuery.all() for everything)");
        }
        return reads.read(actor, Permissions.AUDIT_READ, "AuditLog.find", filters(query), tx -> tx.opLog().query(query));
    }

    /** The filters a query sets, as the refusal record keeps them. */
    private static Map<String, Object> filters(OpQuery q) {
        Map<String, Object> m = new TreeMap<>();
        putIfSet(m, "entityType", q.entityType());
        putIfSet(m, "entityId", q.entityId());
        putIfSet(m, "userId", q.userId());
        putIfSet(m, "deviceId", q.deviceId());
        putIfSet(m, "opType", q.opType());
        putIfSet(m, "from", q.from());
        putIfSet(m, "to", q.to());
        putIfSet(m, "before", q.before());
        m.put("limit", q.limit());
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    @Override
    public Optional<OpEnvelope> operation(Actor actor, String opId) {
        if (opId == null) {
            throw new InvalidInputException("opId", "is required");
        }
        return reads.read(actor, Permissions.AUDIT_READ, "AuditLog.operation", Map.of("opId", opId), tx -> tx.opLog().find(opId));
    }

    @Override
    public long size(Actor actor) {
        return reads.read(actor, Permissions.AUDIT_READ, "AuditLog.size", Map.of(), tx -> tx.opLog().count());
    }

    @Override
    public ChainReport verifyChain(Actor actor) {
        return reads.read(actor, Permissions.AUDIT_READ, "AuditLog.verifyChain", Map.of(), tx -> tx.opLog().verifyChains(Long.MAX_VALUE));
    }
}
