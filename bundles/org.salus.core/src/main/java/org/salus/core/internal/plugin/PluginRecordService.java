package org.salus.core.internal.plugin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.eclipse.emf.ecore.EClass;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.salus.core.access.Permissions;
import org.salus.core.command.Actor;
import org.salus.core.command.InvalidInputException;
import org.salus.core.command.NotFoundException;
import org.salus.core.internal.command.DeviceConfig;
import org.salus.core.internal.projection.ProjectionReader;
import org.salus.core.op.CanonicalJson;
import org.salus.core.plugin.PluginEntityType;
import org.salus.core.plugin.PluginRecord;
import org.salus.core.plugin.PluginRecords;
import org.salus.core.plugin.UnknownEntityTypeException;
import org.salus.model.ModelPackages;

/**
 * Records and reads plugin entities. Plugins come and go as {@link PluginEntityType} services (a dynamic 0..n
 * reference: the core never names them); each change goes through the command service ({@link PluginLedger}), so it
 * is checked, chained and projected into {@code entity_record} like every other generic entity, and synced as it is.
 * Outside OSGi, construct it with the command service and call {@link #addType(PluginEntityType)}.
 */
@Component(name = "org.salus.core.plugins", configurationPid = DeviceConfig.PID)
public class PluginRecordService implements PluginRecords {

    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,63}");

    private final PluginLedger ledger;
    private final Map<String, Registered> types = new ConcurrentHashMap<>();

    @Activate
    public PluginRecordService(@Reference(name = "ledger") PluginLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * A plugin registered an entity type. A type whose name the platform model or another plugin already uses, or
     * whose attributes a payload cannot hold, is refused (and the refusal logged by the framework as a bind error).
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addType(PluginEntityType type) {
        EClass c = type.entityClass();
        String name = c == null ? null : c.getName();
        if (name == null || !TYPE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a plugin entity type is named by a word starting with a capital letter, not '" + name + "'");
        }
        if (ModelPackages.findEntityClass(name).isPresent()) {
            throw new IllegalArgumentException("'" + name + "' is an entity type of the Salus model; a plugin type needs a name of its own");
        }
        if (c.isAbstract() || c.isInterface()) {
            throw new IllegalArgumentException(name + " is abstract; register a class that can have instances");
        }
        if (!Permissions.isWellFormed(type.recordPermission()) || !Permissions.isWellFormed(type.readPermission())) {
            throw new IllegalArgumentException(name + ": permissions are dot-separated lower-case words, not '" + type.recordPermission()
                    + "' and '" + type.readPermission() + "'");
        }
        PluginPayloads.checkType(c);
        Registered r = new Registered(type, c, type.recordPermission(), type.readPermission());
        Registered before = types.putIfAbsent(name, r);
        if (before != null && before.type() != type) {
            throw new IllegalArgumentException("the entity type " + name + " is already registered by another plugin");
        }
    }

    public void removeType(PluginEntityType type) {
        EClass c = type.entityClass();
        if (c != null) {
            types.computeIfPresent(c.getName(), (n, r) -> r.type() == type ? null : r);
        }
    }

    @Override
    public PluginRecord create(Actor actor, String entityType, Map<String, ?> attributes) {
        Registered r = registered(entityType);
        Map<String, Object> payload = PluginPayloads.check(r.eClass(), attributes, true);
        return ledger.write(actor, r.recordPermission(), "PluginRecords.create " + entityType, w -> {
            requirePatient(w.tx().connection(), payload);
            String id = w.newId();
            if (r.eClass().getEStructuralFeature(PluginPayloads.ID) != null) {
                payload.put(PluginPayloads.ID, id);
            }
            w.emit(entityType, id, opType(entityType, "create"), CanonicalJson.write(payload));
            return readOne(w.tx().connection(), r, id).orElseThrow();
        });
    }

    @Override
    public PluginRecord update(Actor actor, String entityType, String id, Map<String, ?> changes) {
        Registered r = registered(entityType);
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("id", "names the " + entityType + " to change");
        }
        Map<String, Object> payload = PluginPayloads.check(r.eClass(), changes, false);
        if (payload.isEmpty()) {
            throw new InvalidInputException("changes", "name at least one attribute to change");
        }
        return ledger.write(actor, r.recordPermission(), "PluginRecords.update " + entityType, w -> {
            if (readOne(w.tx().connection(), r, id).isEmpty()) {
                throw new NotFoundException(entityType, id);
            }
            requirePatient(w.tx().connection(), payload);
            w.emit(entityType, id, opType(entityType, "update"), CanonicalJson.write(payload));
            return readOne(w.tx().connection(), r, id).orElseThrow();
        });
    }

    @Override
    public Optional<PluginRecord> find(Actor actor, String entityType, String id) {
        Registered r = registered(entityType);
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("entityType", entityType);
        asked.put("id", id);
        return ledger.read(actor, r.readPermission(), "PluginRecords.find", asked, tx -> readOne(tx.connection(), r, id));
    }

    @Override
    public List<PluginRecord> ofPatient(Actor actor, String entityType, String patientId) {
        Registered r = registered(entityType);
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("entityType", entityType);
        asked.put("patientId", patientId);
        return ledger.read(actor, r.readPermission(), "PluginRecords.ofPatient", asked, tx -> {
            List<PluginRecord> list = new ArrayList<>();
            try (PreparedStatement ps = tx.connection().prepareStatement("SELECT id, body, updated_hlc FROM entity_record"
                    + " WHERE patient_id = ? AND entity_type = ? AND deleted = FALSE ORDER BY sort_time DESC, id DESC")) {
                ps.setString(1, patientId);
                ps.setString(2, entityType);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(record(r, rs));
                    }
                }
            }
            return list;
        });
    }

    @Override
    public SortedSet<String> entityTypes() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(types.keySet()));
    }

    @Override
    public SortedMap<String, SortedSet<String>> declaredPermissions() {
        SortedMap<String, SortedSet<String>> m = new TreeMap<>();
        for (Registered r : types.values()) {
            m.computeIfAbsent(r.recordPermission(), p -> new TreeSet<>()).add(r.eClass().getName());
            m.computeIfAbsent(r.readPermission(), p -> new TreeSet<>()).add(r.eClass().getName());
        }
        return m;
    }

    private Registered registered(String entityType) {
        Registered r = entityType == null ? null : types.get(entityType);
        if (r == null) {
            throw new UnknownEntityTypeException(String.valueOf(entityType), types.keySet());
        }
        return r;
    }

    /** {@code Vaccination} and {@code create} give {@code vaccination.create}. */
    static String opType(String entityType, String verb) {
        return Character.toLowerCase(entityType.charAt(0)) + entityType.substring(1) + "." + verb;
    }

    private static void requirePatient(Connection c, Map<String, Object> payload) throws SQLException {
        if (payload.get(PluginPayloads.PATIENT_ID) instanceof String patientId
                && new ProjectionReader(c).patient(patientId).isEmpty()) {
            throw new NotFoundException("Patient", patientId);
        }
    }

    private static Optional<PluginRecord> readOne(Connection c, Registered r, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, body, updated_hlc FROM entity_record"
                + " WHERE entity_type = ? AND id = ? AND deleted = FALSE")) {
            ps.setString(1, r.eClass().getName());
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(record(r, rs)) : Optional.empty();
            }
        }
    }

    private static PluginRecord record(Registered r, ResultSet rs) throws SQLException {
        Map<String, Object> body = CanonicalJson.parseObject(rs.getString("body"));
        return new PluginRecord(r.eClass().getName(), rs.getString("id"), body, PluginPayloads.object(r.eClass(), body),
                rs.getString("updated_hlc"));
    }

    private record Registered(PluginEntityType type, EClass eClass, String recordPermission, String readPermission) {
    }
}
