package org.salus.plugins.sdk.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.salus.plugins.sdk.tests.Framework.await;
import static org.salus.plugins.sdk.tests.Framework.props;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.command.Actor;
import org.salus.core.command.InvalidInputException;
import org.salus.core.command.NotFoundException;
import org.salus.core.op.OpEnvelope;
import org.salus.core.plugin.PluginRecord;
import org.salus.core.plugin.UnknownEntityTypeException;
import org.salus.hub.device.DeviceIdentity;
import org.salus.hub.device.DeviceRegistry;
import org.salus.core.platform.BundleState;
import org.salus.model.clinical.Sex;
import org.salus.plugins.InstalledBundle;
import org.salus.plugins.PluginManager;
import org.salus.plugins.PluginOrigin;
import org.salus.plugins.tests.signing.PluginSigner;
import org.salus.security.RoleInfo;

/**
 * The example third-party plugin (the jar that {@code examples/vaccination-register} builds on its own) installed at
 * runtime into a framework that runs a real hub and two clinic workstations (each its own encrypted H2 store, security,
 * core and sync engine), the way an administrator installs it: the jar is signed here (keytool key, JDK jarsigner API),
 * published to the hub's plugin repository on the hub's HTTP server, and installed and removed by A's administrator
 * through the plugin manager, which checks the signature against its trust anchor and records each act in A's audit
 * trail. Its entity type and permission go through the core, a vaccination recorded on A reaches B
 * through the hub and is read there through the plugin's own service, a role without the permission is refused, and
 * uninstalling the plugin keeps its data (a reinstalled plugin sees it again).
 * <p>
 * This test bundle does not import the plugin's package (the plugin comes and goes during the test, and a wire to it
 * would outlive it), so it calls the plugin's {@code VaccinationRegister} service by reflection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VaccinationPluginOSGiTest {

    static final String REGISTER = "org.example.salus.vaccination.VaccinationRegister";
    static final String TYPE = "Vaccination";
    static final String RECORD_PERMISSION = "vaccination.record";

    static final String PLUGIN = "org.example.salus.vaccination";

    static Workstation a;
    static Workstation b;
    static PluginManager plugins;
    static URI hubRepository;
    static InstalledBundle plugin;
    static String patientId;
    static String vaccinationId;

    @BeforeAll
    static void startHubAndWorkstations() throws Exception {
        ConfigurationAdmin ca = Framework.configAdmin();
        Path dir = Path.of(Framework.CONTEXT.getProperty("salus.test.dir"));
        Framework.deleteTree(dir);
        Files.createDirectories(dir);
        byte[] tag = new byte[3];
        new SecureRandom().nextBytes(tag);
        String run = HexFormat.of().formatHex(tag);
        String clinic = "C_" + run;
        ca.getConfiguration("org.salus.hub.devices", "?").update(props("file", dir.resolve("hub/devices.properties").toString(),
                "secretsDir", dir.resolve("hub/enrolment").toString()));
        ca.getConfiguration("org.salus.store.h2.hub", "?").update(props("path", dir.resolve("hub/hub-log").toString()));
        int port = Framework.freePort();
        ca.getConfiguration("org.salus.hub.broker", "?").update(props("host", "127.0.0.1", "port", port, "dataDir",
                dir.resolve("hub/broker").toString()));
        ca.getConfiguration("org.salus.hub.sync", "?").update(props("maxMessageBytes", 256 * 1024));
        String brokerUri = "tcp://127.0.0.1:" + port;
        // the publisher's key and its certificate, the trust anchor of the hub's repository and of the plugin manager
        PluginSigner signer = new PluginSigner(dir);
        Path keys = signer.keyStore("publisher", "Example integrator");
        Path anchor = signer.certificatePem(keys, "publisher");
        Path jar = Path.of(Framework.CONTEXT.getProperty("salus.plugin.jar"));
        assertTrue(Files.isRegularFile(jar), "the example plugin is built first: " + jar);
        Path signed = signer.sign(jar, keys, "publisher", PLUGIN + "-1.0.0-signed.jar");
        int httpPort = Framework.freePort();
        ca.getConfiguration("org.salus.hub.http", "?").update(props("host", "127.0.0.1", "port", httpPort, "threads", 4));
        ca.getConfiguration("org.salus.hub.plugins", "?").update(props("directory", dir.resolve("hub/plugins").toString(),
                "trustAnchors", new String[] {anchor.toString()}));
        // one plugin manager for the framework, acting for A: A's security checks and records its acts
        ca.getConfiguration("org.salus.plugins", "?").update(props("directory", dir.resolve("ws-a/plugins").toString(),
                "trustAnchors", new String[] {anchor.toString()}, "Acts.target", "(workstation=wsA)"));
        hubRepository = URI.create("http://127.0.0.1:" + httpPort + "/plugins/");
        Framework.raiseStartLevel(2);
        await("the hub's plugin repository answers", () -> {
            try {
                return get(hubRepository.resolve("index.xml")).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        HttpResponse<String> published = publish(signed);
        assertEquals(201, published.statusCode(), "the hub takes the signed plugin: " + published.body());
        plugins = Framework.service(PluginManager.class, null);
        DeviceRegistry registry = Framework.service(DeviceRegistry.class, null);
        DeviceIdentity idA = registry.enrol("ws-a-" + run, clinic);
        DeviceIdentity idB = registry.enrol("ws-b-" + run, clinic);
        a = new Workstation(ca, "wsA", clinic, idA.deviceId(), idA.secret(), brokerUri, dir.resolve("ws-a"));
        b = new Workstation(ca, "wsB", clinic, idB.deviceId(), idB.secret(), brokerUri, dir.resolve("ws-b"));
        a.logIn();
        b.logIn();
        a.startSync();
        b.startSync();
        plugin = installPlugin();
        // each device seeded the default roles at its first run; once B's seed is on A, A's administrator grants the
        // plugin's permission to clinicians (roles are data: the grant is an operation, and it syncs)
        await("A holds what B recorded at its first run", () -> holdsAllOf(a, b));
        a.asAdministrator(VaccinationPluginOSGiTest::grantRecordingToClinicians);
        await("B holds A's grant", () -> holdsAllOf(b, a));
    }

    @AfterAll
    static void stopEngines() throws Exception {
        if (a != null) {
            a.stopSync();
        }
        if (b != null) {
            b.stopSync();
        }
    }

    /** Whether one workstation holds every operation the other one recorded itself. */
    static boolean holdsAllOf(Workstation holder, Workstation author) {
        try {
            Set<String> held = new HashSet<>();
            holder.ops().forEach(op -> held.add(op.opId()));
            return author.ops().stream().filter(op -> op.deviceId().equals(author.deviceId)).allMatch(op -> held.contains(op.opId()));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void grantRecordingToClinicians(Actor admin, org.salus.security.UserAdministration users) {
        RoleInfo clinician = users.roles(admin).stream().filter(r -> r.id().equals("clinician")).findFirst().orElseThrow();
        Set<String> permissions = new HashSet<>(clinician.permissions());
        permissions.add(RECORD_PERMISSION);
        users.saveRole(admin, clinician.id(), clinician.name(), clinician.description(), permissions);
    }

    @Test
    @Order(1)
    void aVaccinationRecordedOnAIsReadOnBThroughThePlugin() throws Exception {
        assertEquals(PluginOrigin.HUB, plugin.origin(), "installed from the hub: " + plugin);
        assertEquals(BundleState.ACTIVE, plugin.state());
        assertEquals(PLUGIN, plugin.symbolicName());
        assertRecorded("audit.plugin.install", "INSTALLED");
        assertTrue(a.records.entityTypes().contains(TYPE), "the plugin registered its type: " + a.records.entityTypes());
        assertEquals(Set.of(TYPE), a.records.declaredPermissions().get(RECORD_PERMISSION), "its permission is declared on A");
        assertEquals(Set.of(TYPE), b.records.declaredPermissions().get(RECORD_PERMISSION), "and on B");
        patientId = a.commands.registerPatient(a.clinician, "MRN-V1", "Ada", "Lovelace", LocalDate.of(2019, 5, 4), Sex.FEMALE)
                .createdId("Patient");
        Instant givenAt = Instant.parse("2026-03-01T09:30:00Z");
        Object recorded = register(a).call("record", a.clinician, patientId, "J07BB02", "Influenza vaccine", 1, "LOT-F1", givenAt,
                "Nurse Grace");
        vaccinationId = (String) field(recorded, "id");
        assertNotNull(vaccinationId);

        OpEnvelope op = a.ops().stream().filter(o -> o.entityType().equals(TYPE)).findFirst().orElseThrow();
        assertEquals("vaccination.create", op.opType());
        assertEquals(vaccinationId, op.entityId());
        assertEquals(a.deviceId, op.deviceId());

        await("B reads A's vaccination through the plugin", () -> ofPatient(b, b.clinician).size() == 1);
        Object onB = ofPatient(b, b.clinician).get(0);
        assertEquals(vaccinationId, field(onB, "id"));
        assertEquals("J07BB02", field(onB, "vaccineCode"));
        assertEquals("Influenza vaccine", field(onB, "vaccineName"));
        assertEquals(1, field(onB, "doseNumber"));
        assertEquals("LOT-F1", field(onB, "lot"));
        assertEquals(givenAt, field(onB, "givenAt"));
        assertEquals("Nurse Grace", field(onB, "givenBy"));
        assertTrue(a.verifyChains().intact() && b.verifyChains().intact(), "both chains verify");

        // the plugin's report, on B, from the synced record
        List<?> report = (List<?>) register(b).call("report", b.clinician, List.of(patientId));
        assertEquals(1, report.size());
        assertEquals("J07BB02", field(report.get(0), "vaccineCode"));
        assertEquals(1, field(report.get(0), "doses"));
        assertEquals(1, field(report.get(0), "patients"));
    }

    @Test
    @Order(2)
    void aRoleWithoutThePermissionIsRefusedAndNothingIsRecorded() throws Exception {
        assertNotNull(patientId, "runs after the first test");
        long before = a.entityRecords(TYPE);
        Actor pharmacist = a.switchTo(a.pharmacistName);
        try {
            PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> register(a).call("record", pharmacist,
                    patientId, "J07BB02", "Influenza vaccine", 2, "LOT-F2", Instant.now(), "Nurse Grace"));
            assertEquals(RECORD_PERMISSION, e.permission());
            assertEquals(before, a.entityRecords(TYPE), "a refusal records no vaccination");
            OpEnvelope refusal = a.ops().stream().filter(o -> o.opType().equals("audit.access.denied") && o.payload().contains(RECORD_PERMISSION))
                    .findFirst().orElseThrow(() -> new AssertionError("the refusal is in the audit trail"));
            assertTrue(refusal.payload().contains("PluginRecords.create Vaccination"), refusal.payload());
        } finally {
            a.switchTo(a.clinicianName);
        }
    }

    @Test
    @Order(3)
    void badInputIsRefusedNamingTheFieldAndLosesNothing() throws Exception {
        long before = a.entityRecords(TYPE);
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> register(a).call("record", a.clinician, patientId,
                null, "Influenza vaccine", 2, null, Instant.now(), null));
        assertEquals("vaccineCode", missing.field());
        InvalidInputException dose = assertThrows(InvalidInputException.class, () -> register(a).call("record", a.clinician, patientId,
                "J07BB02", "Influenza vaccine", 0, null, Instant.now(), null));
        assertEquals("doseNumber", dose.field());
        assertThrows(NotFoundException.class, () -> register(a).call("record", a.clinician, "no-such-patient", "J07BB02", null, 1, null,
                Instant.now(), null));
        // through the core directly: names and types come from the plugin's EClass
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> a.records.create(a.clinician, TYPE,
                Map.of("patientId", patientId, "vaccineCode", "J07BB02", "doseNumber", 1, "givenAt", "2026-03-01T09:30:00Z", "colour", "red")));
        assertEquals("colour", unknown.field());
        InvalidInputException type = assertThrows(InvalidInputException.class, () -> a.records.create(a.clinician, TYPE,
                Map.of("patientId", patientId, "vaccineCode", "J07BB02", "doseNumber", "two", "givenAt", "2026-03-01T09:30:00Z")));
        assertEquals("doseNumber", type.field());
        InvalidInputException time = assertThrows(InvalidInputException.class, () -> a.records.create(a.clinician, TYPE,
                Map.of("patientId", patientId, "vaccineCode", "J07BB02", "doseNumber", 1, "givenAt", "yesterday")));
        assertEquals("givenAt", time.field());
        assertEquals(before, a.entityRecords(TYPE), "nothing of a refused input is recorded");
    }

    @Test
    @Order(4)
    void uninstallingThePluginKeepsItsDataAndAReinstalledPluginSeesItAgain() throws Exception {
        assertNotNull(vaccinationId, "runs after the first test");
        uninstallPlugin();
        await("the core forgets the type on A", () -> !a.records.entityTypes().contains(TYPE));
        assertTrue(!a.records.declaredPermissions().containsKey(RECORD_PERMISSION), "its permission leaves with it");
        assertRecorded("audit.plugin.uninstall", "UNINSTALLED");
        assertTrue(installedPlugins().stream().noneMatch(p -> p.symbolicName().equals(PLUGIN)), "the plugin manager lists it no more");
        assertThrows(UnknownEntityTypeException.class, () -> a.records.ofPatient(a.clinician, TYPE, patientId));
        assertEquals(1, a.entityRecords(TYPE), "A keeps the vaccination in its store");
        assertEquals(1, b.entityRecords(TYPE), "B keeps it too");
        assertTrue(a.ops().stream().anyMatch(o -> o.entityId().equals(vaccinationId)), "and in its op log");

        plugin = installPlugin();
        assertEquals(2, recorded("audit.plugin.install", "INSTALLED"), "both installs are in A's audit trail");
        List<?> again = ofPatient(a, a.clinician);
        assertEquals(1, again.size());
        assertEquals(vaccinationId, field(again.get(0), "id"));
        PluginRecord raw = a.records.find(a.clinician, TYPE, vaccinationId).orElseThrow();
        assertEquals("J07BB02", raw.get("vaccineCode"));
        assertEquals("J07BB02", raw.object().eGet(raw.object().eClass().getEStructuralFeature("vaccineCode")));

        // a correction through the core: one update operation, merged into the record, synced like the create
        PluginRecord corrected = a.records.update(a.clinician, TYPE, vaccinationId, Map.of("lot", "LOT-F1B"));
        assertEquals("LOT-F1B", corrected.get("lot"));
        assertEquals("J07BB02", corrected.get("vaccineCode"), "an update keeps what it does not name");
        assertTrue(a.ops().stream().anyMatch(o -> o.opType().equals("vaccination.update") && o.entityId().equals(vaccinationId)));
        assertThrows(NotFoundException.class, () -> a.records.update(a.clinician, TYPE, "no-such-vaccination", Map.of("lot", "X")));
        await("B sees the correction", () -> "LOT-F1B".equals(fieldOrNull(ofPatient(b, b.clinician), "lot")));
    }

    static Object fieldOrNull(List<?> records, String accessor) {
        try {
            return records.isEmpty() ? null : field(records.get(0), accessor);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---- the plugin's install and removal: through the plugin manager, from the hub ----

    /** A's administrator installs the plugin from the hub's repository; waits until both workstations have its register. */
    static InstalledBundle installPlugin() throws Exception {
        AtomicReference<InstalledBundle> installed = new AtomicReference<>();
        a.asAdministrator((admin, users) -> installed.set(plugins.install(admin, hubRepository, PLUGIN)));
        register(a);
        register(VaccinationPluginOSGiTest.b);
        return installed.get();
    }

    /** A's administrator removes the plugin (the plugin manager refreshes the framework, so no class of it stays loaded). */
    static void uninstallPlugin() {
        a.asAdministrator((admin, users) -> plugins.uninstall(admin, PLUGIN));
    }

    static List<InstalledBundle> installedPlugins() {
        AtomicReference<List<InstalledBundle>> listed = new AtomicReference<>();
        a.asAdministrator((admin, users) -> listed.set(plugins.list(admin)));
        return listed.get();
    }

    /** How many plugin operations of a type with an outcome A's op log holds for the example plugin. */
    static long recorded(String opType, String outcome) throws InterruptedException {
        return a.ops().stream().filter(o -> o.opType().equals(opType) && o.entityType().equals("Plugin") && o.entityId().equals(PLUGIN)
                && o.deviceId().equals(a.deviceId) && o.payload().contains("\"outcome\":\"" + outcome + "\"")).count();
    }

    static void assertRecorded(String opType, String outcome) throws InterruptedException {
        assertTrue(recorded(opType, outcome) > 0, opType + " of " + PLUGIN + " with outcome " + outcome + " is in A's audit trail");
    }

    static HttpResponse<String> publish(Path jar) throws IOException, InterruptedException {
        URI admin = hubRepository.resolve("/admin/plugins?name=" + jar.getFileName());
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(admin).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofFile(jar))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- the plugin's service, by reflection ----

    static Register register(Workstation w) throws Exception {
        String filter = "(deviceId=" + w.deviceId + ")";
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Framework.WAIT_MS);
        while (System.nanoTime() < deadline) {
            ServiceReference<?>[] refs = Framework.CONTEXT.getServiceReferences(REGISTER, filter);
            if (refs != null && refs.length > 0 && refs[0].getBundle() != null) {
                Object s = Framework.CONTEXT.getService(refs[0]);
                if (s != null) {
                    return new Register(s);
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no " + REGISTER + " " + filter);
    }

    static List<?> ofPatient(Workstation w, Actor actor) {
        try {
            return (List<?>) register(w).call("ofPatient", actor, patientId);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Object field(Object record, String accessor) throws Exception {
        return record.getClass().getMethod(accessor).invoke(record);
    }

    /** The plugin's VaccinationRegister service object; its methods are called by name. */
    record Register(Object service) {

        Object call(String method, Object... args) throws Exception {
            for (Method m : service.getClass().getMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                    try {
                        return m.invoke(service, args);
                    } catch (InvocationTargetException e) {
                        if (e.getCause() instanceof Exception cause) {
                            throw cause;
                        }
                        throw e;
                    }
                }
            }
            throw new AssertionError(service.getClass() + " has no method " + method);
        }
    }

}
