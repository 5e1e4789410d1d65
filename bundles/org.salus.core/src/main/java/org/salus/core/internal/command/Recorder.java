package org.salus.core.internal.command;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.eclipse.emf.ecore.EObject;
import org.salus.core.command.Adjust;
import org.salus.core.command.Command;
import org.salus.core.command.CommandResult;
import org.salus.core.command.DiscontinueMedication;
import org.salus.core.command.Dispense;
import org.salus.core.command.EntityRef;
import org.salus.core.command.InvalidInputException;
import org.salus.core.command.NotFoundException;
import org.salus.core.command.OpenEncounter;
import org.salus.core.command.OrderMedication;
import org.salus.core.command.ReceiveStock;
import org.salus.core.command.RecordObservation;
import org.salus.core.command.RegisterMedicine;
import org.salus.core.command.RegisterPatient;
import org.salus.core.command.ResolveConflict;
import org.salus.core.command.ReviseNote;
import org.salus.core.command.StockRefusedException;
import org.salus.core.command.Transfer;
import org.salus.core.command.UpdateDemographics;
import org.salus.core.command.WriteNote;
import org.salus.core.command.WriteOffExpired;
import org.salus.core.conflict.ConflictNotFoundException;
import org.salus.core.conflict.ConflictResolvedException;
import org.salus.core.conflict.RegisterConflict;
import org.salus.core.internal.model.ModelJson;
import org.salus.core.internal.projection.FieldHistory;
import org.salus.core.internal.projection.Projector;
import org.salus.core.internal.projection.RegisterHistory;
import org.salus.core.internal.projection.ProjectionReader;
import org.salus.core.op.CanonicalJson;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.UuidV7;
import org.salus.model.clinical.ClinicalFactory;
import org.salus.model.clinical.Encounter;
import org.salus.model.clinical.MedicationOrder;
import org.salus.model.clinical.Note;
import org.salus.model.clinical.NoteRevision;
import org.salus.model.clinical.Observation;
import org.salus.model.clinical.OrderStatus;
import org.salus.model.clinical.Patient;
import org.salus.model.clinical.Sex;
import org.salus.model.inventory.InventoryFactory;
import org.salus.model.inventory.Medicine;
import org.salus.model.inventory.MovementKind;
import org.salus.model.inventory.StockBatch;
import org.salus.model.inventory.StockMovement;

/**
 * Records commands inside one write transaction: validates each against the current projections, writes its
 * operations (appended to the chain and applied to the projections one by one, so a later command of a batch sees
 * the earlier ones) and collects the result. One recorder per transaction.
 */
final class Recorder {

    private final OpWriter writer;
    private final ProjectionReader read;
    private final String userId;
    private final UuidV7 ids;
    private final LocalDate today;
    /** Whether reads that a write depends on lock their rows: not where the store writes one transaction at a time. */
    private final boolean lock;
    private final List<OpEnvelope> ops = new ArrayList<>();
    private final List<EntityRef> created = new ArrayList<>();

    /**
     * @param userId the user the access control verified; written into every operation
     */
    Recorder(OpWriter writer, String userId, UuidV7 ids, LocalDate today) {
        this.writer = writer;
        this.read = new ProjectionReader(writer.tx().connection());
        this.lock = !writer.tx().writesOneAtATime();
        this.userId = userId;
        this.ids = ids;
        this.today = today;
    }

    CommandResult result() {
        return new CommandResult(ops, created);
    }

    void record(Command command) throws SQLException {
        Objects.requireNonNull(command, "command");
        if (command instanceof RegisterMedicine c) {
            registerMedicine(c);
        } else if (command instanceof ReceiveStock c) {
            receiveStock(c);
        } else if (command instanceof Dispense c) {
            dispense(c);
        } else if (command instanceof Adjust c) {
            adjust(c);
        } else if (command instanceof WriteOffExpired c) {
            writeOffExpired(c);
        } else if (command instanceof Transfer c) {
            transfer(c);
        } else if (command instanceof RegisterPatient c) {
            registerPatient(c);
        } else if (command instanceof UpdateDemographics c) {
            updateDemographics(c);
        } else if (command instanceof OpenEncounter c) {
            openEncounter(c);
        } else if (command instanceof RecordObservation c) {
            recordObservation(c);
        } else if (command instanceof OrderMedication c) {
            orderMedication(c);
        } else if (command instanceof DiscontinueMedication c) {
            discontinueMedication(c);
        } else if (command instanceof WriteNote c) {
            writeNote(c);
        } else if (command instanceof ReviseNote c) {
            reviseNote(c);
        } else if (command instanceof ResolveConflict c) {
            resolveConflict(c);
        } else {
            throw new InvalidInputException("command", "unknown command " + command.getClass().getName());
        }
    }

    // ---- inventory ----

    private void registerMedicine(RegisterMedicine c) throws SQLException {
        String gtin = Validation.gtin("gtin", c.gtin());
        read.medicineByGtin(gtin).ifPresent(m -> {
            throw new InvalidInputException("gtin", "GTIN " + gtin + " is already registered as " + name(m) + " (id " + m.getId() + ")");
        });
        Medicine m = InventoryFactory.eINSTANCE.createMedicine();
        m.setId(ids.nextString());
        m.setGtin(gtin);
        m.setInnName(Validation.required("innName", c.innName(), 200, false));
        m.setForm(Validation.required("form", c.form(), 100, false));
        m.setStrength(Validation.required("strength", c.strength(), 50, false));
        m.setUnit(Validation.required("unit", c.unit(), 20, false));
        if (c.reorderLevel() < 0 || c.reorderLevel() > Validation.MAX_QUANTITY) {
            throw new InvalidInputException("reorderLevel", "must be from 0 to " + String.format("%,d", Validation.MAX_QUANTITY)
                    + " (it was " + c.reorderLevel() + ")");
        }
        m.setReorderLevel(c.reorderLevel());
        m.setCritical(c.critical());
        write(m, "medicine.register", true);
    }

    private void receiveStock(ReceiveStock c) throws SQLException {
        Medicine medicine = medicine(c.medicineId());
        String lot = Validation.required("lot", c.lot(), Validation.MAX_ID, false);
        String location = Validation.required("location", c.location(), 100, false);
        int quantity = Validation.quantity("quantity", c.quantity());
        if (c.expiry() == null) {
            throw new InvalidInputException("expiry", "is required (the expiry date printed on the pack)");
        }
        if (c.expiry().isBefore(today)) {
            throw new InvalidInputException("expiry", "lot " + lot + " of " + name(medicine) + " expired on " + c.expiry()
                    + "; expired stock cannot be received (today is " + today + ")");
        }
        StockBatch batch = read.batchOfLot(medicine.getId(), lot, location, lock).orElse(null);
        if (batch != null && !c.expiry().equals(batch.getExpiry())) {
            throw new InvalidInputException("expiry", "lot " + lot + " of " + name(medicine) + " at " + location
                    + " is recorded with expiry " + batch.getExpiry() + ", not " + c.expiry() + ": check the pack, or use another lot number");
        }
        if (batch != null && (long) batch.getQuantityOnHand() + quantity > Integer.MAX_VALUE) {
            throw new InvalidInputException("quantity", "batch " + lot + " would hold more units than can be counted");
        }
        if (batch == null) {
            batch = InventoryFactory.eINSTANCE.createStockBatch();
            batch.setId(ids.nextString());
            batch.setMedicineId(medicine.getId());
            batch.setLot(lot);
            batch.setExpiry(c.expiry());
            batch.setLocation(location);
            batch.setQuantityOnHand(0);
            write(batch, "batch.create", true);
        }
        movement(batch, MovementKind.RECEIVE, quantity, null, null, null, null, "stock.receive");
    }

    private void dispense(Dispense c) throws SQLException {
        Medicine medicine = medicine(c.medicineId());
        int quantity = Validation.quantity("quantity", c.quantity());
        String orderId = Validation.optional("orderId", c.orderId(), Validation.MAX_ID, false);
        String patientId = Validation.optional("patientId", c.patientId(), Validation.MAX_ID, false);
        if (orderId != null) {
            MedicationOrder order = (MedicationOrder) read.entity("MedicationOrder", orderId)
                    .orElseThrow(() -> new NotFoundException("MedicationOrder", orderId));
            if (order.getStatus() != OrderStatus.ACTIVE) {
                throw new InvalidInputException("orderId", "medication order " + orderId + " was discontinued"
                        + (order.getDiscontinuedAt() == null ? "" : " at " + order.getDiscontinuedAt()) + " and cannot be dispensed");
            }
            if (!medicine.getId().equals(order.getMedicineId())) {
                throw new InvalidInputException("medicineId", "medication order " + orderId + " is for another medicine (id "
                        + order.getMedicineId() + "), not " + name(medicine));
            }
            if (patientId != null && !patientId.equals(order.getPatientId())) {
                throw new InvalidInputException("patientId", "medication order " + orderId + " belongs to another patient");
            }
        } else if (patientId != null) {
            patient(patientId);
        }
        // the stock ledger has no patient attribute: a dispense for a patient without an order names the patient in its reason
        String reason = orderId == null && patientId != null ? "dispensed to patient " + patientId : null;
        Map<String, StockBatch> byId = new LinkedHashMap<>();
        List<FefoPicker.Take> takes;
        if (c.batchId() != null) {
            StockBatch batch = batch(Validation.id("batchId", c.batchId()), lock);
            if (!medicine.getId().equals(batch.getMedicineId())) {
                throw new InvalidInputException("batchId", "batch " + batch.getLot() + " holds another medicine, not " + name(medicine));
            }
            byId.put(batch.getId(), batch);
            takes = List.of(FefoPicker.fromBatch(candidate(batch), today, quantity, name(medicine)));
        } else {
            List<FefoPicker.Candidate> candidates = new ArrayList<>();
            for (StockBatch b : read.batchesInStock(medicine.getId(), lock)) {
                byId.put(b.getId(), b);
                candidates.add(candidate(b));
            }
            takes = FefoPicker.pick(candidates, today, quantity, name(medicine));
        }
        for (FefoPicker.Take take : takes) {
            movement(byId.get(take.batch().batchId()), MovementKind.DISPENSE, -take.quantity(), reason, null, null, orderId,
                    "stock.dispense");
        }
    }

    private void adjust(Adjust c) throws SQLException {
        StockBatch batch = batch(Validation.id("batchId", c.batchId()), lock);
        int delta = Validation.delta("delta", c.delta());
        String reason = Validation.required("reason", c.reason(), 500, false);
        long result = (long) batch.getQuantityOnHand() + delta;
        if (result < 0) {
            Medicine medicine = medicine(batch.getMedicineId());
            throw new StockRefusedException("Batch " + batch.getLot() + " of " + name(medicine) + " has " + batch.getQuantityOnHand()
                    + " left; an adjustment of " + delta + " would make it negative", batch.getId(), batch.getLot(), -delta,
                    batch.getQuantityOnHand(), StockRefusedException.Reason.INSUFFICIENT);
        }
        if (result > Integer.MAX_VALUE) {
            throw new InvalidInputException("delta", "batch " + batch.getLot() + " would hold more units than can be counted");
        }
        movement(batch, MovementKind.ADJUST, delta, reason, null, null, null, "stock.adjust");
    }

    private void writeOffExpired(WriteOffExpired c) throws SQLException {
        StockBatch batch = batch(Validation.id("batchId", c.batchId()), lock);
        String reason = Validation.optional("reason", c.reason(), 500, false);
        Medicine medicine = medicine(batch.getMedicineId());
        if (!FefoPicker.expired(batch.getExpiry(), today)) {
            throw new InvalidInputException("batchId", "batch " + batch.getLot() + " of " + name(medicine) + " expires on "
                    + batch.getExpiry() + "; only expired batches can be written off (today is " + today + ")");
        }
        if (batch.getQuantityOnHand() <= 0) {
            throw new InvalidInputException("batchId", "batch " + batch.getLot() + " of " + name(medicine) + " holds nothing to write off");
        }
        movement(batch, MovementKind.WRITE_OFF, -batch.getQuantityOnHand(), reason == null ? "expired" : reason, null, null, null,
                "stock.write-off");
    }

    private void transfer(Transfer c) throws SQLException {
        StockBatch source = batch(Validation.id("batchId", c.batchId()), lock);
        int quantity = Validation.quantity("quantity", c.quantity());
        String to = Validation.required("toLocation", c.toLocation(), 100, false);
        Medicine medicine = medicine(source.getMedicineId());
        if (to.equals(source.getLocation())) {
            throw new InvalidInputException("toLocation", "batch " + source.getLot() + " is already at " + to);
        }
        if (source.getQuantityOnHand() < quantity) {
            throw new StockRefusedException("Batch " + source.getLot() + " of " + name(medicine) + " has " + source.getQuantityOnHand()
                    + " left; " + quantity + " were asked to move to " + to, source.getId(), source.getLot(), quantity,
                    Math.max(0, source.getQuantityOnHand()), StockRefusedException.Reason.INSUFFICIENT);
        }
        StockBatch target = read.batchOfLot(medicine.getId(), source.getLot(), to, lock).orElse(null);
        if (target != null && !Objects.equals(target.getExpiry(), source.getExpiry())) {
            throw new InvalidInputException("toLocation", "lot " + source.getLot() + " at " + to + " is recorded with expiry "
                    + target.getExpiry() + ", the moved units expire " + source.getExpiry() + ": correct the lot first");
        }
        if (target == null) {
            target = InventoryFactory.eINSTANCE.createStockBatch();
            target.setId(ids.nextString());
            target.setMedicineId(medicine.getId());
            target.setLot(source.getLot());
            target.setExpiry(source.getExpiry());
            target.setLocation(to);
            target.setQuantityOnHand(0);
            write(target, "batch.create", true);
        }
        movement(source, MovementKind.TRANSFER, -quantity, null, source.getLocation(), to, null, "stock.transfer");
        movement(target, MovementKind.TRANSFER, quantity, null, source.getLocation(), to, null, "stock.transfer");
    }

    private void movement(StockBatch batch, MovementKind kind, int quantity, String reason, String from, String to, String orderId,
            String opType) throws SQLException {
        StockMovement m = InventoryFactory.eINSTANCE.createStockMovement();
        m.setId(ids.nextString());
        m.setBatchId(batch.getId());
        m.setMedicineId(batch.getMedicineId());
        m.setKind(kind);
        m.setQuantity(quantity);
        m.setReason(reason);
        m.setFromLocation(from);
        m.setToLocation(to);
        m.setOrderId(orderId);
        write(m, opType, true);
    }

    // ---- clinical ----

    private void registerPatient(RegisterPatient c) throws SQLException {
        Patient p = ClinicalFactory.eINSTANCE.createPatient();
        p.setId(ids.nextString());
        p.setIdentifier(uniqueIdentifier(c.identifier(), null));
        p.setGivenName(Validation.required("givenName", c.givenName(), 200, false));
        p.setFamilyName(Validation.required("familyName", c.familyName(), 200, false));
        p.setBirthDate(birthDate(c.birthDate()));
        p.setSex(c.sex() == null ? Sex.UNKNOWN : c.sex());
        p.setPhone(Validation.optional("phone", c.phone(), 50, false));
        p.setAddress(Validation.optional("address", c.address(), 500, true));
        write(p, "patient.register", true);
    }

    private void updateDemographics(UpdateDemographics c) throws SQLException {
        Patient patient = patient(Validation.id("patientId", c.patientId()));
        if (c.changes().isEmpty()) {
            throw new InvalidInputException("changes", "name at least one field to change (" + UpdateDemographics.FIELD_NAMES + ")");
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : c.changes().entrySet()) {
            String field = e.getKey();
            Object v = e.getValue();
            Object value = switch (field == null ? "" : field) {
                case "identifier" -> uniqueIdentifier(text(field, v), patient.getId());
                case "givenName", "familyName" -> Validation.required(field, text(field, v), 200, false);
                case "phone" -> Validation.optional(field, text(field, v), 50, false);
                case "address" -> Validation.optional(field, text(field, v), 500, true);
                case "birthDate" -> {
                    if (v != null && !(v instanceof LocalDate)) {
                        throw new InvalidInputException(field, "must be a date (java.time.LocalDate), not " + v.getClass().getSimpleName());
                    }
                    yield birthDate((LocalDate) v);
                }
                case "sex" -> {
                    if (v != null && !(v instanceof Sex)) {
                        throw new InvalidInputException(field, "must be one of " + Sex.VALUES);
                    }
                    yield v == null ? Sex.UNKNOWN : v;
                }
                default -> throw new InvalidInputException("changes", "'" + field + "' is not a demographic field; the fields are "
                        + UpdateDemographics.FIELD_NAMES);
            };
            Object old = patient.eGet(patient.eClass().getEStructuralFeature(field));
            if (!Objects.equals(old, value)) {
                changed.put(field, ModelJson.toJsonValue(null, value));
            }
        }
        if (!changed.isEmpty()) {
            changed.put(Projector.BASE, bases("Patient", patient.getId(), changed.keySet()));
            emit("Patient", patient.getId(), "patient.update", CanonicalJson.write(changed), false);
        }
    }

    private void openEncounter(OpenEncounter c) throws SQLException {
        Patient patient = patient(Validation.id("patientId", c.patientId()));
        Encounter e = ClinicalFactory.eINSTANCE.createEncounter();
        e.setId(ids.nextString());
        e.setPatientId(patient.getId());
        e.setKind(Validation.required("kind", c.kind(), 100, false));
        e.setReason(Validation.optional("reason", c.reason(), 1000, true));
        e.setStart(instant(c.start()));
        write(e, "encounter.open", true);
    }

    private void recordObservation(RecordObservation c) throws SQLException {
        Patient patient = patient(Validation.id("patientId", c.patientId()));
        Observation o = ClinicalFactory.eINSTANCE.createObservation();
        o.setId(ids.nextString());
        o.setPatientId(patient.getId());
        o.setEncounterId(encounterOf(patient, c.encounterId()));
        o.setCode(Validation.required("code", c.code(), 100, false));
        o.setValue(Validation.required("value", c.value(), 1000, true));
        o.setUnit(Validation.optional("unit", c.unit(), 50, false));
        o.setEffectiveTime(instant(c.effectiveTime()));
        write(o, "observation.record", true);
    }

    private void orderMedication(OrderMedication c) throws SQLException {
        Patient patient = patient(Validation.id("patientId", c.patientId()));
        String encounterId = encounterOf(patient, c.encounterId());
        Medicine medicine = medicine(c.medicineId());
        MedicationOrder o = ClinicalFactory.eINSTANCE.createMedicationOrder();
        o.setId(ids.nextString());
        o.setPatientId(patient.getId());
        o.setEncounterId(encounterId);
        o.setMedicineId(medicine.getId());
        o.setDose(Validation.required("dose", c.dose(), 100, false));
        o.setRoute(Validation.required("route", c.route(), 50, false));
        o.setFrequency(Validation.required("frequency", c.frequency(), 200, false));
        o.setStatus(OrderStatus.ACTIVE);
        o.setOrderedAt(instant(null));
        write(o, "order.create", true);
    }

    private void discontinueMedication(DiscontinueMedication c) throws SQLException {
        String orderId = Validation.id("orderId", c.orderId());
        MedicationOrder order = (MedicationOrder) read.entity("MedicationOrder", orderId)
                .orElseThrow(() -> new NotFoundException("MedicationOrder", orderId));
        String reason = Validation.required("reason", c.reason(), 500, false);
        if (order.getStatus() != OrderStatus.ACTIVE) {
            throw new InvalidInputException("orderId", "medication order " + orderId + " was already discontinued"
                    + (order.getDiscontinuedAt() == null ? "" : " at " + order.getDiscontinuedAt()));
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        changed.put("status", OrderStatus.DISCONTINUED.getName());
        changed.put("discontinuedAt", instant(null));
        changed.put("discontinueReason", reason);
        emit("MedicationOrder", orderId, "order.discontinue", CanonicalJson.write(changed), false);
    }

    private void writeNote(WriteNote c) throws SQLException {
        Patient patient = patient(Validation.id("patientId", c.patientId()));
        Note note = ClinicalFactory.eINSTANCE.createNote();
        note.setId(ids.nextString());
        note.setPatientId(patient.getId());
        note.setEncounterId(encounterOf(patient, c.encounterId()));
        note.setTitle(Validation.required("title", c.title(), 200, false));
        note.setCurrentRevision(1);
        String text = Validation.required("text", c.text(), Validation.MAX_TEXT, true);
        write(note, "note.write", true);
        revision(note.getId(), 1, text);
    }

    private void reviseNote(ReviseNote c) throws SQLException {
        String noteId = Validation.id("noteId", c.noteId());
        Note note = (Note) read.entity("Note", noteId).orElseThrow(() -> new NotFoundException("Note", noteId));
        String text = Validation.required("text", c.text(), Validation.MAX_TEXT, true);
        revision(noteId, note.getCurrentRevision() + 1, text);
    }

    private void revision(String noteId, int number, String text) throws SQLException {
        NoteRevision r = ClinicalFactory.eINSTANCE.createNoteRevision();
        r.setId(ids.nextString());
        r.setNoteId(noteId);
        r.setRevision(number);
        r.setText(text);
        r.setAuthorId(userId);
        r.setWrittenAt(instant(null));
        write(r, "note.revision", true);
    }

    // ---- registers ----

    /**
     * Per changed field, the write whose value this device shows now: the edit builds on it, so an edit made elsewhere
     * meanwhile is seen as concurrent. A field with no history here (a store older than it) names none.
     */
    private Map<String, Object> bases(String entityType, String entityId, Iterable<String> fields) throws SQLException {
        Map<String, Object> bases = new TreeMap<>();
        for (String field : fields) {
            Optional<FieldHistory.Outcome> o = RegisterHistory.decide(writer.tx().connection(), entityType, entityId, field);
            if (o.isPresent()) {
                bases.put(field, List.of(o.get().value().opId()));
            }
        }
        return bases;
    }

    private void resolveConflict(ResolveConflict c) throws SQLException {
        String id = Validation.id("conflictId", c.conflictId());
        RegisterConflict k = RegisterHistory.conflict(writer.tx().connection(), id).orElseThrow(() -> new ConflictNotFoundException(id));
        if (!k.entityType().equals(c.entityType())) {
            throw new InvalidInputException("entityType", "conflict " + id + " is over a " + k.entityType() + ", not a " + c.entityType());
        }
        if (!k.isOpen()) {
            throw new ConflictResolvedException(k);
        }
        Object value = switch (c.choice()) {
            case LEFT -> sideValue(k, k.left().opId());
            case RIGHT -> sideValue(k, k.right().opId());
            case MERGED -> mergedValue(k, c.mergedValue());
        };
        Map<String, Object> payload = new TreeMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(k.field(), value);
        payload.putAll(values);
        payload.put(Projector.BASE, Map.of(k.field(), List.of(k.left().opId(), k.right().opId())));
        payload.put(Projector.CONFLICT_ID, id);
        emit(k.entityType(), k.entityId(), k.entityType().toLowerCase(Locale.ROOT) + Projector.RESOLVE_SUFFIX, CanonicalJson.write(payload), false);
    }

    /** The value a side wrote, as JSON. */
    private Object sideValue(RegisterConflict k, String opId) throws SQLException {
        return RegisterHistory.writes(writer.tx().connection(), k.entityType(), k.entityId(), k.field()).stream()
                .filter(w -> w.opId().equals(opId)).findFirst().map(w -> CanonicalJson.parse(w.valueJson()))
                .orElseThrow(() -> new IllegalStateException("conflict " + k.id() + " names a write that is not held: " + opId));
    }

    /** A value typed by a person for a field, checked as an edit of that field would be. */
    private Object mergedValue(RegisterConflict k, String text) throws SQLException {
        String field = k.field();
        String t = text == null || text.isBlank() ? null : text.strip();
        if (k.entityType().equals("Patient")) {
            Patient patient = patient(k.entityId());
            Object v = switch (field) {
                case "identifier" -> uniqueIdentifier(t, patient.getId());
                case "givenName", "familyName" -> Validation.required(field, t, 200, false);
                case "phone" -> Validation.optional(field, t, 50, false);
                case "address" -> Validation.optional(field, text == null || text.isBlank() ? null : text, 500, true);
                case "birthDate" -> birthDate(date(field, t));
                case "sex" -> sex(t);
                default -> throw new InvalidInputException("field", "'" + field + "' is not a demographic field");
            };
            return ModelJson.toJsonValue(null, v);
        }
        return switch (field) {
            case "gtin" -> {
                String gtin = Validation.gtin("gtin", t);
                read.medicineByGtin(gtin).filter(m -> !m.getId().equals(k.entityId())).ifPresent(m -> {
                    throw new InvalidInputException("gtin", "GTIN " + gtin + " is already registered as " + name(m) + " (id " + m.getId() + ")");
                });
                yield gtin;
            }
            case "innName" -> Validation.required(field, t, 200, false);
            case "form" -> Validation.required(field, t, 100, false);
            case "strength" -> Validation.required(field, t, 50, false);
            case "unit" -> Validation.required(field, t, 20, false);
            case "reorderLevel" -> {
                try {
                    int level = Integer.parseInt(t == null ? "" : t);
                    if (level < 0 || level > Validation.MAX_QUANTITY) {
                        throw new NumberFormatException();
                    }
                    yield level;
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(field, "must be a whole number from 0 to " + String.format("%,d", Validation.MAX_QUANTITY)
                            + " (it was '" + text + "')");
                }
            }
            case "critical" -> {
                if ("true".equalsIgnoreCase(t) || "false".equalsIgnoreCase(t)) {
                    yield Boolean.parseBoolean(t.toLowerCase(Locale.ROOT));
                }
                throw new InvalidInputException(field, "must be true or false (it was '" + text + "')");
            }
            default -> throw new InvalidInputException("field", "'" + field + "' is not a medicine field");
        };
    }

    private static LocalDate date(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException(field, "must be a date written as year-month-day, such as 1980-05-17 (it was '" + text + "')");
        }
    }

    private static Sex sex(String text) {
        if (text == null) {
            return Sex.UNKNOWN;
        }
        for (Sex s : Sex.VALUES) {
            if (s.getName().equalsIgnoreCase(text) || s.getLiteral().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new InvalidInputException("sex", "must be one of " + Sex.VALUES + " (it was '" + text + "')");
    }

    // ---- shared ----

    private void write(EObject entity, String opType, boolean isNew) throws SQLException {
        String id = (String) entity.eGet(entity.eClass().getEIDAttribute());
        emit(entity.eClass().getName(), id, opType, ModelJson.toPayload(entity), isNew);
    }

    private void emit(String entityType, String entityId, String opType, String payload, boolean isNew) throws SQLException {
        ops.add(writer.emit(userId, entityType, entityId, opType, payload));
        if (isNew) {
            created.add(new EntityRef(entityType, entityId));
        }
    }

    private Medicine medicine(String id) throws SQLException {
        String medicineId = Validation.id("medicineId", id);
        return read.medicine(medicineId).orElseThrow(() -> new NotFoundException("Medicine", medicineId));
    }

    private StockBatch batch(String id, boolean lock) throws SQLException {
        return read.batch(id, lock).filter(b -> b.getLot() != null).orElseThrow(() -> new NotFoundException("StockBatch", id));
    }

    private Patient patient(String id) throws SQLException {
        String patientId = Validation.id("patientId", id);
        return read.patient(patientId).orElseThrow(() -> new NotFoundException("Patient", patientId));
    }

    private String encounterOf(Patient patient, String encounterId) throws SQLException {
        String id = Validation.optional("encounterId", encounterId, Validation.MAX_ID, false);
        if (id == null) {
            return null;
        }
        Encounter e = (Encounter) read.entity("Encounter", id).orElseThrow(() -> new NotFoundException("Encounter", id));
        if (!patient.getId().equals(e.getPatientId())) {
            throw new InvalidInputException("encounterId", "encounter " + id + " belongs to another patient");
        }
        return id;
    }

    private String uniqueIdentifier(String identifier, String ownId) throws SQLException {
        String value = Validation.required("identifier", identifier, Validation.MAX_ID, false);
        Patient holder = read.patientByIdentifier(value).orElse(null);
        if (holder != null && !holder.getId().equals(ownId)) {
            throw new InvalidInputException("identifier", "record number " + value + " is already used by "
                    + holder.getGivenName() + " " + holder.getFamilyName() + " (id " + holder.getId() + ")");
        }
        return value;
    }

    private LocalDate birthDate(LocalDate d) {
        if (d == null) {
            return null;
        }
        if (d.isAfter(today)) {
            throw new InvalidInputException("birthDate", d + " is in the future (today is " + today + ")");
        }
        if (d.isBefore(Validation.EARLIEST_BIRTH)) {
            throw new InvalidInputException("birthDate", d + " is before " + Validation.EARLIEST_BIRTH + ": check the year");
        }
        return d;
    }

    private Instant instant(Instant given) {
        return given == null ? writer.now() : given.truncatedTo(ChronoUnit.MILLIS);
    }

    private static String text(String field, Object v) {
        if (v != null && !(v instanceof String)) {
            throw new InvalidInputException(field, "must be text, not " + v.getClass().getSimpleName());
        }
        return (String) v;
    }

    private static FefoPicker.Candidate candidate(StockBatch b) {
        return new FefoPicker.Candidate(b.getId(), b.getLot(), b.getExpiry(), b.getQuantityOnHand());
    }

    /** A medicine as a pharmacist names it: "amoxicillin 500 mg". */
    static String name(Medicine m) {
        StringBuilder sb = new StringBuilder(m.getInnName() == null ? "medicine " + m.getId() : m.getInnName());
        if (m.getStrength() != null) {
            sb.append(' ').append(m.getStrength());
        }
        if (m.getUnit() != null) {
            sb.append(' ').append(m.getUnit());
        }
        return sb.toString();
    }
}
