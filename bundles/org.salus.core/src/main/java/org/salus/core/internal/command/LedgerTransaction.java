package org.salus.core.internal.command;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.salus.core.access.AccessLedger;
import org.salus.core.access.AccessTransaction;
import org.salus.core.internal.model.ModelJson;
import org.salus.core.internal.projection.ProjectionReader;
import org.salus.core.op.CanonicalJson;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;
import org.salus.core.platform.ClinicClock;
import org.salus.core.store.StoreException;
import org.salus.core.store.StoreTransaction;
import org.salus.model.ModelPackages;

/**
 * The access ledger's view of one store transaction. Without a writer (inside a command's access check, or in a
 * read transaction) it only reads.
 */
final class LedgerTransaction implements AccessTransaction {

    private final StoreTransaction tx;
    private final OpWriter writer;
    private final String userId;
    private final Supplier<String> deviceIdSource;
    private String deviceId;
    private final ClinicClock clock;
    private final ProjectionReader read;

    private LedgerTransaction(StoreTransaction tx, OpWriter writer, String userId, Supplier<String> deviceId, ClinicClock clock) {
        this.tx = tx;
        this.writer = writer;
        this.userId = userId;
        this.deviceIdSource = deviceId;
        this.clock = clock;
        this.read = new ProjectionReader(tx.connection());
    }

    /** Writes operations by {@code userId} through {@code writer}. */
    static LedgerTransaction writing(OpWriter writer, String userId, ClinicClock clock) {
        return new LedgerTransaction(writer.tx(), writer, userId, writer::deviceId, clock);
    }

    /** Reads only. */
    static LedgerTransaction reading(StoreTransaction tx, String deviceId, ClinicClock clock) {
        return new LedgerTransaction(tx, null, null, () -> deviceId, clock);
    }

    /** Reads only; the device id is looked up when first asked for (most checks never ask). */
    static LedgerTransaction reading(StoreTransaction tx, Supplier<String> deviceId, ClinicClock clock) {
        return new LedgerTransaction(tx, null, null, deviceId, clock);
    }

    @Override
    public Optional<EObject> entity(String entityType, String id) {
        try {
            return read.entity(entityType, id);
        } catch (SQLException e) {
            throw new StoreException("reading " + entityType + " " + id + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<EObject> entities(String entityType) {
        try {
            return read.entities(entityType);
        } catch (SQLException e) {
            throw new StoreException("reading the " + entityType + " entities failed: " + e.getMessage(), e);
        }
    }

    @Override
    public OpPage operations(OpQuery query) {
        return tx.opLog().query(query);
    }

    @Override
    public String deviceId() {
        if (deviceId == null) {
            deviceId = deviceIdSource.get();
        }
        return deviceId;
    }

    @Override
    public Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public String newId() {
        return writer().newId();
    }

    @Override
    public OpEnvelope create(EObject entity, String opType) {
        OpWriter w = writer();
        EClass eClass = entity.eClass();
        if (ModelPackages.findEntityClass(eClass.getName()).orElse(null) != eClass) {
            throw new IllegalArgumentException(eClass.getName() + " is not an entity type of the Salus model");
        }
        Object id = entity.eGet(eClass.getEIDAttribute());
        if (!(id instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("a new " + eClass.getName() + " needs its id");
        }
        return emit(w, eClass.getName(), s, opType(opType), ModelJson.toPayload(entity));
    }

    @Override
    public OpEnvelope update(String entityType, String entityId, String opType, Map<String, ?> changes) {
        OpWriter w = writer();
        EClass eClass = ModelPackages.entityClass(entityType);
        if (changes == null || changes.isEmpty()) {
            throw new IllegalArgumentException("an update of " + entityType + " " + entityId + " names at least one attribute");
        }
        if (entity(entityType, entityId).isEmpty()) {
            throw new IllegalArgumentException("no " + entityType + " with id " + entityId + " is recorded");
        }
        Map<String, Object> payload = new TreeMap<>();
        for (Map.Entry<String, ?> e : changes.entrySet()) {
            EStructuralFeature f = eClass.getEStructuralFeature(e.getKey());
            if (!(f instanceof EAttribute a) || a.isID()) {
                throw new IllegalArgumentException(entityType + " has no attribute '" + e.getKey() + "' that can be changed");
            }
            payload.put(a.getName(), a.isMany() ? ModelJson.toJsonList(a, (List<?>) e.getValue()) : ModelJson.toJsonValue(a, e.getValue()));
        }
        return emit(w, entityType, entityId, opType(opType), CanonicalJson.write(payload));
    }

    @Override
    public OpEnvelope audit(String entityType, String entityId, String opType, Map<String, ?> details) {
        OpWriter w = writer();
        if (opType == null || !opType.startsWith(AccessLedger.AUDIT_PREFIX)) {
            throw new IllegalArgumentException("an audit operation's type starts with '" + AccessLedger.AUDIT_PREFIX + "': " + opType);
        }
        return emit(w, entityType, entityId, opType, CanonicalJson.write(details == null ? Map.of() : new TreeMap<>(details)));
    }

    private OpEnvelope emit(OpWriter w, String entityType, String entityId, String opType, String payload) {
        try {
            return w.emit(userId, entityType, entityId, opType, payload);
        } catch (SQLException e) {
            throw new StoreException("recording " + opType + " failed: " + e.getMessage(), e);
        }
    }

    private OpWriter writer() {
        if (writer == null) {
            throw new IllegalStateException("this transaction only reads");
        }
        return writer;
    }

    private static String opType(String opType) {
        if (opType == null || opType.isBlank() || opType.startsWith(AccessLedger.AUDIT_PREFIX)) {
            throw new IllegalArgumentException("an operation that changes an entity needs a type that does not start with '"
                    + AccessLedger.AUDIT_PREFIX + "': " + opType);
        }
        return opType;
    }
}
