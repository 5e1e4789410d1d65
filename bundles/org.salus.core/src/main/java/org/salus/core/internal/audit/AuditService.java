package org.salus.core.internal.audit;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.salus.core.audit.AuditLog;
import org.salus.core.command.InvalidInputException;
import org.salus.core.internal.command.DeviceConfig;
import org.salus.core.internal.store.StoreAccess;
import org.salus.core.op.ChainReport;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;
import org.salus.core.store.ClinicStore;

/** The audit trail read straight from the op log. */
@Component(name = "org.salus.core.audit", configurationPid = DeviceConfig.PID)
public class AuditService implements AuditLog {

    private final StoreAccess store;

    @Activate
    public AuditService(DeviceConfig config) {
        this(config.storeWaitMillis());
    }

    public AuditService(long storeWaitMillis) {
        this.store = new StoreAccess(storeWaitMillis);
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
    public OpPage find(OpQuery query) {
        if (query == null) {
            throw new InvalidInputException("query", "is required (OpQuery.all() for everything)");
        }
        return store.call(s -> s.read(tx -> tx.opLog().query(query)));
    }

    @Override
    public Optional<OpEnvelope> operation(String opId) {
        if (opId == null) {
            throw new InvalidInputException("opId", "is required");
        }
        return store.call(s -> s.read(tx -> tx.opLog().find(opId)));
    }

    @Override
    public long size() {
        return store.call(s -> s.read(tx -> tx.opLog().count()));
    }

    @Override
    public ChainReport verifyChain() {
        return store.call(s -> s.read(tx -> tx.opLog().verifyChains(Long.MAX_VALUE)));
    }
}
