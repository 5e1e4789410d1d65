package org.salus.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.access.AccessLedger;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.access.Permissions;
import org.salus.core.access.SessionRefusedException;
import org.salus.core.audit.AuditLog;
import org.salus.core.command.Actor;
import org.salus.core.command.Adjust;
import org.salus.core.command.Command;
import org.salus.core.command.CommandResult;
import org.salus.core.command.DiscontinueMedication;
import org.salus.core.command.Dispense;
import org.salus.core.command.OpenEncounter;
import org.salus.core.command.OrderMedication;
import org.salus.core.command.ReceiveStock;
import org.salus.core.command.RecordObservation;
import org.salus.core.command.RegisterMedicine;
import org.salus.core.command.RegisterPatient;
import org.salus.core.command.ResolveConflict;
import org.salus.core.command.ReviseNote;
import org.salus.core.command.Transfer;
import org.salus.core.command.UpdateDemographics;
import org.salus.core.command.WriteNote;
import org.salus.core.command.WriteOffExpired;
import org.salus.core.internal.command.Validation;
import org.salus.core.internal.projection.Projector;
import org.salus.core.internal.projection.RegisterHistory;
import org.salus.core.op.Hlc;
import org.salus.core.op.HybridLogicalClock;
import org.salus.core.op.OpHashes;
import org.salus.core.op.UuidV7;
import org.salus.core.internal.command.ClinicCommandService;
import org.salus.core.op.CanonicalJson;
import org.salus.core.op.ChainReport;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;
import org.salus.core.query.ClinicQueries;
import org.salus.model.clinical.Sex;

/**
 * The permission matrix, generated from the policy table ({@link DefaultRoles}) and from the permission each command
 * and each read needs: every command and every read of {@link ClinicQueries} and {@link AuditLog} is run through the
 * real core, store and security service as a user of every default role. Where the table grants the permission the
 * command is recorded, the read answers and records nothing; where it does not, it is refused with
 * {@link PermissionDeniedException}, and the op log gains exactly one denial record while the projections stay as
 * they were. Reads of stock need no permission: every role is allowed them. A locked or ended session is refused
 * every read.
 */
class PermissionMatrixTest {

    @TempDir
    static Path dir;
    static SecuredClinic clinic;
    static Fixture fixture;
    /** One user per default role, named after the role. */
    static final Map<String, String> USER_OF_ROLE = new LinkedHashMap<>();

    /** One sample of every command; run = a number unique to each (command, role) pair, for fresh values. */
    static final Map<String, BiFunction<Fixture, Integer, Command>> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("RegisterMedicine", (f, run) -> new RegisterMedicine(gtin(run), "medicine " + run, "tablet", "10", "mg", 0, false));
        SAMPLES.put("ReceiveStock", (f, run) -> new ReceiveStock(f.medicine, "LOT-R" + run, f.today.plusYears(2), "main-store", 10));
        SAMPLES.put("Dispense", (f, run) -> Dispense.fefo(f.medicine, 1));
        SAMPLES.put("Dispense against an order", (f, run) -> Dispense.fefo(f.medicine, 1).forOrder(f.order, f.patient));
        SAMPLES.put("Adjust", (f, run) -> new Adjust(f.batch, 1, "count " + run));
        SAMPLES.put("WriteOffExpired", (f, run) -> new WriteOffExpired(f.expiredBatches.get(run % f.expiredBatches.size()), null));
        SAMPLES.put("Transfer", (f, run) -> new Transfer(f.batch, 1, "ward-" + run));
        SAMPLES.put("RegisterPatient", (f, run) -> new RegisterPatient("MRN-" + run, "Given" + run, "Family", LocalDate.of(1990, 1, 1),
                Sex.OTHER, null, null));
        SAMPLES.put("UpdateDemographics", (f, run) -> UpdateDemographics.of(f.patient).with("phone", "555-" + run));
        SAMPLES.put("OpenEncounter", (f, run) -> new OpenEncounter(f.patient, "outpatient", "visit " + run, null));
        SAMPLES.put("RecordObservation", (f, run) -> new RecordObservation(f.patient, f.encounter, "body-weight", "7" + run, "kg", null));
        SAMPLES.put("OrderMedication", (f, run) -> new OrderMedication(f.patient, f.encounter, f.medicine, "500 mg", "oral", "daily"));
        SAMPLES.put("DiscontinueMedication", (f, run) -> new DiscontinueMedication(f.ordersToStop.get(run % f.ordersToStop.size()), "run " + run));
        SAMPLES.put("WriteNote", (f, run) -> new WriteNote(f.patient, f.encounter, "note " + run, "text " + run));
        SAMPLES.put("ReviseNote", (f, run) -> new ReviseNote(f.note, "revised " + run));
        SAMPLES.put("ResolveConflict", (f, run) -> new ResolveConflict(f.conflicts.get(run % f.conflicts.size()), "Patient",
                ResolveConflict.Choice.RIGHT, null));
    }

    /**
     * One sample of every read.
     *
     * @param read {@code ClinicQueries.patient}: the interface and method, as the refusal record names it
     * @param permission what the read needs; null when any usable session may read it
     * @param call the read, for a fixture and an actor
     * @param askedKey an argument the refusal record must name, or null for a read without arguments
     * @param askedValue that argument's value
     */
    record ReadSample(String read, String permission, BiFunction<Fixture, Actor, Object> call, String askedKey,
            Function<Fixture, Object> askedValue) {

        String method() {
            return read.substring(read.indexOf('.') + 1);
        }
    }

    static final List<ReadSample> READS = List.of(
            stockRead("medicine", (f, a) -> clinic.queries.medicine(a, f.medicine), "medicineId", f -> f.medicine),
            stockRead("medicines", (f, a) -> clinic.queries.medicines(a, "amoxi", 10), "text", f -> "amoxi"),
            stockRead("lowStock", (f, a) -> clinic.queries.lowStock(a, 100), "limit", f -> 100),
            stockRead("batch", (f, a) -> clinic.queries.batch(a, f.batch), "batchId", f -> f.batch),
            stockRead("batchesOf", (f, a) -> clinic.queries.batchesOf(a, f.medicine), "medicineId", f -> f.medicine),
            stockRead("batchesExpiringBefore", (f, a) -> clinic.queries.batchesExpiringBefore(a, f.today.plusYears(3), 100), "date",
                    f -> f.today.plusYears(3)),
            stockRead("movementsOf", (f, a) -> clinic.queries.movementsOf(a, f.batch), "batchId", f -> f.batch),
            patientRead("patient", (f, a) -> clinic.queries.patient(a, f.patient), "patientId", f -> f.patient),
            patientRead("findPatients", (f, a) -> clinic.queries.findPatients(a, "Otieno", 10), "text", f -> "Otieno"),
            patientRead("encountersOf", (f, a) -> clinic.queries.encountersOf(a, f.patient), "patientId", f -> f.patient),
            patientRead("observationsOf", (f, a) -> clinic.queries.observationsOf(a, f.patient), "patientId", f -> f.patient),
            patientRead("ordersOf", (f, a) -> clinic.queries.ordersOf(a, f.patient), "patientId", f -> f.patient),
            patientRead("notesOf", (f, a) -> clinic.queries.notesOf(a, f.patient), "patientId", f -> f.patient),
            patientRead("revisionsOf", (f, a) -> clinic.queries.revisionsOf(a, f.note), "noteId", f -> f.note),
            auditRead("find", (f, a) -> clinic.audit.find(a, OpQuery.all().entity("Patient", f.patient)), "entityId", f -> f.patient),
            auditRead("operation", (f, a) -> clinic.audit.operation(a, f.fixtureOp), "opId", f -> f.fixtureOp),
            auditRead("size", (f, a) -> clinic.audit.size(a), null, null),
            auditRead("verifyChain", (f, a) -> clinic.audit.verifyChain(a), null, null));

    private static ReadSample stockRead(String method, BiFunction<Fixture, Actor, Object> call, String key, Function<Fixture, Object> value) {
        return new ReadSample("ClinicQueries." + method, null, call, key, value);
    }

    private static ReadSample patientRead(String method, BiFunction<Fixture, Actor, Object> call, String key, Function<Fixture, Object> value) {
        return new ReadSample("ClinicQueries." + method, Permissions.PATIENT_READ, call, key, value);
    }

    private static ReadSample auditRead(String method, BiFunction<Fixture, Actor, Object> call, String key, Function<Fixture, Object> value) {
        return new ReadSample("AuditLog." + method, Permissions.AUDIT_READ, call, key, value);
    }

    /** A user whose roles allow every read (clinician and auditor), for the session tests. */
    static final String READER = "reader";

    /** Entities the samples refer to, made once by a user who holds both pharmacist and clinician. */
    static final class Fixture {
        LocalDate today;
        String medicine;
        String batch;
        String patient;
        String encounter;
        String order;
        String note;
        String fixtureOp;
        final List<String> expiredBatches = new ArrayList<>();
        final List<String> ordersToStop = new ArrayList<>();
        /** Open conflicts over a patient's phone, one per run: changed here and, apart, on another workstation. */
        final List<String> conflicts = new ArrayList<>();
    }

    @BeforeAll
    static void setUp() throws Exception {
        // long sessions: the fixture moves the clock two days to let batches expire
        SecuritySettings settings = SecuritySettings.defaults().withArgon2(SecuredClinic.FAST).withIdleLock(Duration.ofDays(30));
        clinic = new SecuredClinic(dir, settings, new TestClock("2026-11-22T08:00:00Z"));
        Actor setup = clinic.setupAdministrator().actor();
        clinic.createUser(setup, "fixture-maker", Set.of(DefaultRoles.PHARMACIST, DefaultRoles.CLINICIAN));
        clinic.createUser(setup, READER, Set.of(DefaultRoles.CLINICIAN, DefaultRoles.AUDITOR));
        for (DefaultRoles.DefaultRole role : DefaultRoles.ALL) {
            USER_OF_ROLE.put(role.id(), "user-" + role.id());
        }
        // the administrator last: creating it retires the setup account
        List<DefaultRoles.DefaultRole> adminLast = new ArrayList<>(DefaultRoles.ALL);
        Collections.reverse(adminLast);
        for (DefaultRoles.DefaultRole role : adminLast) {
            clinic.createUser(setup, USER_OF_ROLE.get(role.id()), Set.of(role.id()));
        }
        for (String name : USER_OF_ROLE.values()) {
            clinic.firstLogin(name);
        }
        clinic.firstLogin(READER);
        fixture = makeFixture(clinic.firstLogin("fixture-maker").actor());
        clinic.endCurrentSession();
    }

    private static Fixture makeFixture(Actor maker) {
        int runs = SAMPLES.size() * DefaultRoles.ALL.size();
        Fixture f = new Fixture();
        LocalDate tomorrow = clinic.clock.today().plusDays(1);
        String expiring = clinic.commands.registerMedicine(maker, gtin(9_000), "expiring", "tablet", "1", "mg", 0, false).createdId("Medicine");
        for (int i = 0; i < runs; i++) {
            f.expiredBatches.add(clinic.commands.receiveStock(maker, expiring, "LOT-X" + i, tomorrow, "main-store", 5).createdId("StockBatch"));
        }
        clinic.clock.advance(Duration.ofDays(2));
        f.today = clinic.clock.today();
        f.medicine = clinic.commands.registerMedicine(maker, gtin(9_001), "amoxicillin", "capsule", "500", "mg", 0, false).createdId("Medicine");
        f.batch = clinic.commands.receiveStock(maker, f.medicine, "LOT-MAIN", f.today.plusYears(2), "main-store", 100_000).createdId("StockBatch");
        f.patient = clinic.commands.registerPatient(maker, "MRN-FIXTURE", "Asha", "Otieno", LocalDate.of(1985, 3, 2), Sex.FEMALE)
                .createdId("Patient");
        f.encounter = clinic.commands.openEncounter(maker, f.patient, "outpatient", "fixture").createdId("Encounter");
        f.order = clinic.commands.orderMedication(maker, f.patient, f.encounter, f.medicine, "500 mg", "oral", "3 times a day")
                .createdId("MedicationOrder");
        for (int i = 0; i < runs; i++) {
            f.ordersToStop.add(clinic.commands.orderMedication(maker, f.patient, f.encounter, f.medicine, "250 mg", "oral", "daily")
                    .createdId("MedicationOrder"));
        }
        f.note = clinic.commands.writeNote(maker, f.patient, f.encounter, "fixture", "first text").createdId("Note");
        clinic.commands.recordObservation(maker, f.patient, f.encounter, "body-weight", "61", "kg");
        String previous = OpHashes.GENESIS;
        for (int i = 0; i < runs; i++) {
            CommandResult registered = clinic.commands.registerPatient(maker, "MRN-C" + i, "Conflict", "Patient" + i, LocalDate.of(1980, 1, 1),
                    Sex.OTHER);
            String patient = registered.createdId("Patient");
            clinic.commands.updateDemographics(maker, UpdateDemographics.of(patient).with("phone", "555-here-" + i));
            // the other workstation changed the phone from the same registration before it saw this change
            java.time.Instant at = clinic.clock.now();
            OpEnvelope elsewhere = new OpEnvelope(new UuidV7().nextString(), registered.operations().get(0).clinicId(), "ws-elsewhere",
                    registered.operations().get(0).userId(), "Patient", patient, "patient.update", i + 1,
                    new Hlc(at.toEpochMilli() + 1, i, HybridLogicalClock.nodeOf("ws-elsewhere")).toString(), at, 1,
                    "{\"base\":{\"phone\":[\"" + registered.operations().get(0).opId() + "\"]},\"phone\":\"555-there-" + i + "\"}",
                    previous, null, 0, null).sealed();
            previous = elsewhere.hash();
            f.conflicts.add(clinic.store.write(tx -> {
                tx.appendForeign(elsewhere, "none");
                new Projector().apply(tx, elsewhere);
                return RegisterHistory.open(tx.connection(), "Patient", patient, 10).get(0).id();
            }));
        }
        f.fixtureOp = clinic.newestOp().opId();
        return f;
    }

    @AfterAll
    static void tearDown() {
        clinic.close();
    }

    @Test
    void everyCommandHasASampleInTheMatrix() {
        Set<String> commands = Arrays.stream(Command.class.getPermittedSubclasses()).map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> sampled = SAMPLES.values().stream().map(s -> s.apply(fixture, 0).getClass().getSimpleName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(commands, sampled, "a new command needs a sample here, so its permission is tested for every role");
    }

    @Test
    void everyRoleOfTheTableGrantsSomethingAndOnlyAdminsManageUsers() {
        for (DefaultRoles.DefaultRole r : DefaultRoles.ALL) {
            assertFalse(r.permissions().isEmpty(), r.id());
            assertEquals(r.id().equals(DefaultRoles.ADMIN), r.permissions().contains(org.salus.core.access.Permissions.USER_MANAGE), r.id());
        }
    }

    @TestFactory
    Stream<DynamicContainer> everyCommandAsEveryRole() {
        List<String> commandNames = List.copyOf(SAMPLES.keySet());
        List<DynamicContainer> roles = new ArrayList<>();
        int roleIndex = 0;
        for (DefaultRoles.DefaultRole role : DefaultRoles.ALL) {
            int r = roleIndex++;
            List<DynamicTest> tests = new ArrayList<>();
            for (int c = 0; c < commandNames.size(); c++) {
                String commandName = commandNames.get(c);
                int run = r * commandNames.size() + c;
                Command command = SAMPLES.get(commandName).apply(fixture, run);
                boolean granted = role.permissions().contains(command.permission());
                tests.add(DynamicTest.dynamicTest(commandName + " (" + command.permission() + ") is " + (granted ? "allowed" : "denied"),
                        () -> runAs(role.id(), command, granted)));
            }
            roles.add(DynamicContainer.dynamicContainer("as " + role.id(), tests));
        }
        return roles.stream();
    }

    private static void runAs(String roleId, Command command, boolean granted) {
        String user = USER_OF_ROLE.get(roleId);
        Actor actor = clinic.loginAs(user).actor();
        String userId = clinic.security.session(actor).userId();
        long opsBefore = clinic.opCount();
        String projectionsBefore = clinic.digestProjections();
        if (granted) {
            CommandResult result = clinic.commands.execute(actor, command);
            assertFalse(result.operations().isEmpty());
            assertEquals(opsBefore + result.operations().size(), clinic.opCount());
            for (OpEnvelope op : result.operations()) {
                assertEquals(userId, op.userId(), "the verified user is recorded, never one the caller names");
            }
        } else {
            PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> clinic.commands.execute(actor, command));
            assertEquals(userId, e.userId());
            assertEquals(user, e.userName());
            assertEquals(command.permission(), e.permission());
            assertTrue(e.getMessage().contains(user) && e.getMessage().contains(command.permission()), e.getMessage());
            assertEquals(opsBefore + 1, clinic.opCount(), "only the denial is added to the op log");
            OpEnvelope denial = clinic.newestOp();
            assertEquals(e.auditOpId(), denial.opId());
            assertEquals(AccessLedger.OP_ACCESS_DENIED, denial.opType());
            assertEquals(userId, denial.userId());
            Map<String, Object> details = CanonicalJson.parseObject(denial.payload());
            assertEquals(command.permission(), details.get("permission"));
            assertEquals(command.getClass().getSimpleName(), details.get("command"));
            assertEquals(projectionsBefore, clinic.digestProjections(), "a denial changes no projection");
        }
    }

    @Test
    void everyReadHasASampleInTheMatrix() {
        Set<String> reads = new TreeSet<>();
        for (Class<?> service : List.of(ClinicQueries.class, AuditLog.class)) {
            for (Method m : service.getDeclaredMethods()) {
                if (Modifier.isAbstract(m.getModifiers())) {
                    reads.add(service.getSimpleName() + "." + m.getName());
                    assertEquals(Actor.class, m.getParameterTypes()[0], m + " names the actor it reads for");
                }
            }
        }
        Set<String> sampled = READS.stream().map(ReadSample::read).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(reads, sampled, "a new read needs a sample here, so its check is tested for every role");
    }

    @Test
    void patientDataIsReadByCliniciansAndTheFrontDeskOnly() {
        for (DefaultRoles.DefaultRole r : DefaultRoles.ALL) {
            boolean needsPatients = r.id().equals(DefaultRoles.CLINICIAN) || r.id().equals(DefaultRoles.FRONT_DESK);
            assertEquals(needsPatients, r.permissions().contains(Permissions.PATIENT_READ), r.id());
        }
        assertTrue(Permissions.ALL.contains(Permissions.PATIENT_READ));
    }

    @TestFactory
    Stream<DynamicContainer> everyReadAsEveryRole() {
        List<DynamicContainer> roles = new ArrayList<>();
        for (DefaultRoles.DefaultRole role : DefaultRoles.ALL) {
            List<DynamicTest> tests = new ArrayList<>();
            for (ReadSample read : READS) {
                boolean granted = read.permission() == null || role.permissions().contains(read.permission());
                tests.add(DynamicTest.dynamicTest(read.read() + " (" + (read.permission() == null ? "any session" : read.permission()) + ") is "
                        + (granted ? "allowed" : "denied"), () -> readAs(role.id(), read, granted)));
            }
            roles.add(DynamicContainer.dynamicContainer("as " + role.id(), tests));
        }
        return roles.stream();
    }

    private static void readAs(String roleId, ReadSample read, boolean granted) {
        String user = USER_OF_ROLE.get(roleId);
        Actor actor = clinic.loginAs(user).actor();
        String userId = clinic.security.session(actor).userId();
        long opsBefore = clinic.opCount();
        String projectionsBefore = clinic.digestProjections();
        if (granted) {
            Object answer = read.call().apply(fixture, actor);
            assertTrue(holdsSomething(answer), read.read() + " answered " + answer);
            assertEquals(opsBefore, clinic.opCount(), "an allowed read records nothing");
        } else {
            PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> read.call().apply(fixture, actor),
                    "a refused read returns nothing");
            assertEquals(userId, e.userId());
            assertEquals(user, e.userName());
            assertEquals(read.permission(), e.permission());
            assertTrue(e.getMessage().contains(user) && e.getMessage().contains(read.permission()), e.getMessage());
            assertEquals(opsBefore + 1, clinic.opCount(), "only the denial is added to the op log");
            OpEnvelope denial = clinic.newestOp();
            assertEquals(e.auditOpId(), denial.opId());
            assertEquals(AccessLedger.OP_ACCESS_DENIED, denial.opType());
            assertEquals(userId, denial.userId());
            Map<String, Object> details = CanonicalJson.parseObject(denial.payload());
            assertEquals(read.permission(), details.get("permission"));
            assertEquals("DENIED", details.get("outcome"));
            assertAsked(read, details);
            assertEquals(projectionsBefore, clinic.digestProjections(), "a denial changes no projection");
        }
    }

    @TestFactory
    Stream<DynamicContainer> everyReadWithALockedOrEndedSession() {
        List<DynamicTest> locked = new ArrayList<>();
        List<DynamicTest> ended = new ArrayList<>();
        for (ReadSample read : READS) {
            locked.add(DynamicTest.dynamicTest(read.read() + " is refused", () -> readWithUnusableSession(read, true)));
            ended.add(DynamicTest.dynamicTest(read.read() + " is refused", () -> readWithUnusableSession(read, false)));
        }
        return Stream.of(DynamicContainer.dynamicContainer("locked session", locked), DynamicContainer.dynamicContainer("ended session", ended));
    }

    private static void readWithUnusableSession(ReadSample read, boolean lock) {
        Actor actor = clinic.loginAs(READER).actor();
        String userId = clinic.security.session(actor).userId();
        assertTrue(holdsSomething(read.call().apply(fixture, actor)), "the same read answers while the session is usable");
        if (lock) {
            clinic.security.lock(actor);
        } else {
            clinic.security.logout(actor);
        }
        long opsBefore = clinic.opCount();
        String projectionsBefore = clinic.digestProjections();

        SessionRefusedException e = assertThrows(SessionRefusedException.class, () -> read.call().apply(fixture, actor),
                "a refused read returns nothing");

        assertEquals(lock ? SessionRefusedException.Problem.LOCKED : SessionRefusedException.Problem.UNKNOWN, e.problem());
        assertEquals(read.permission(), e.permission());
        assertEquals(opsBefore + 1, clinic.opCount(), "only the refusal is added to the op log");
        OpEnvelope refusal = clinic.newestOp();
        assertEquals(e.auditOpId(), refusal.opId());
        assertEquals(AccessLedger.OP_ACCESS_DENIED, refusal.opType());
        assertEquals(lock ? userId : AccessLedger.ANONYMOUS_USER, refusal.userId());
        Map<String, Object> details = CanonicalJson.parseObject(refusal.payload());
        assertEquals(read.permission() == null ? ClinicCommandService.SESSION_ONLY : read.permission(), details.get("permission"));
        assertEquals("SESSION_REFUSED", details.get("outcome"));
        assertEquals(lock ? "LOCKED" : "UNKNOWN", details.get("sessionProblem"));
        assertAsked(read, details);
        assertEquals(projectionsBefore, clinic.digestProjections(), "a refusal changes no projection");
        clinic.endCurrentSession();
    }

    /** The refusal record names the read and what it asked for. */
    private static void assertAsked(ReadSample read, Map<String, Object> details) {
        assertEquals(read.read(), details.get("read"));
        Object asked = details.get("asked");
        assertTrue(asked instanceof Map, "the record keeps what was asked: " + details);
        if (read.askedKey() != null) {
            assertEquals(String.valueOf(read.askedValue().apply(fixture)), String.valueOf(((Map<?, ?>) asked).get(read.askedKey())), details.toString());
        }
    }

    /** Whether a read's answer holds what the fixture put there. */
    private static boolean holdsSomething(Object answer) {
        if (answer instanceof Optional<?> o) {
            return o.isPresent();
        }
        if (answer instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (answer instanceof OpPage p) {
            return !p.operations().isEmpty();
        }
        if (answer instanceof ChainReport r) {
            return r.intact() && r.checkedOps() > 0;
        }
        if (answer instanceof Long n) {
            return n > 0;
        }
        return false;
    }

    /** A valid GTIN-14 made from a number (GS1 check digit computed). */
    static String gtin(int n) {
        String body = String.format("%013d", 4_000_000_000L + n);
        return body + Validation.gs1CheckDigit(body);
    }
}
