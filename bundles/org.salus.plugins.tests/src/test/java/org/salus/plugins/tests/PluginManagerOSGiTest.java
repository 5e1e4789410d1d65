package org.salus.plugins.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;
import org.salus.core.access.AccessLedger;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.access.Permissions;
import org.salus.core.audit.AuditLog;
import org.salus.core.command.Actor;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpQuery;
import org.salus.core.platform.BundleState;
import org.salus.core.store.ClinicStore;
import org.salus.plugins.AvailablePlugin;
import org.salus.plugins.InstalledBundle;
import org.salus.plugins.PluginManager;
import org.salus.plugins.PluginOrigin;
import org.salus.plugins.PluginResolutionException;
import org.salus.plugins.PluginSignatureException;
import org.salus.plugins.PluginStartException;
import org.salus.plugins.tests.sample.SampleActivator;
import org.salus.security.Authentication;
import org.salus.security.RoleInfo;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.security.UserAdministration;

/**
 * The plugin manager in a real framework (bnd-testing runs this bundle on Felix and on Equinox) with the real core,
 * store and security bundles, and the hub's plugin repository served by the hub's own HTTP server on a free port.
 * Plugin jars are built here, signed with the JDK's jarsigner API by a key keytool made, published to the hub over
 * HTTP as salus-hub-admin does, and installed through the PluginManager service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginManagerOSGiTest {

    static final long GUARD_SECONDS = 60;
    static final String SAMPLE = "org.salus.sample.greeter";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 10_000)
    Authentication authentication;

    @InjectService(timeout = 10_000)
    UserAdministration administration;

    @InjectService(timeout = 10_000)
    AuditLog audit;

    static Path dir;
    static PluginJars jars;
    static Path publisher;
    static Path stranger;
    static URI hub;
    static Actor admin;
    static String adminPassword = "integration passphrase 1";
    static String adminName;

    @BeforeEach
    void setUpOnce() throws Exception {
        if (admin != null) {
            return;
        }
        dir = Paths.get(context.getProperty("salus.itest.dir"));
        deleteTree(dir);
        Files.createDirectories(dir);
        Hashtable<String, Object> device = new Hashtable<>();
        device.put("clinicId", "clinic-it");
        configAdmin.getConfiguration("org.salus.core.device", "?").update(device);
        Hashtable<String, Object> store = new Hashtable<>();
        store.put("path", dir.resolve("clinic").toString());
        store.put("durability", "WRITE");
        configAdmin.getConfiguration("org.salus.store.h2", "?").update(store);
        assertNotNull(await(ClinicStore.class), "the store service appears once configured");

        SetupAccount setup = authentication.firstRun().orElseThrow(() -> new AssertionError("a new clinic gets a setup account"));
        char[] otp = setup.oneTimePassword().clone();
        adminName = setup.username();
        Session s = authentication.login(setup.username(), setup.oneTimePassword());
        s = authentication.changePassword(s.actor(), otp, adminPassword.toCharArray());
        admin = s.actor();
        // the administrator also reads the audit trail here, to check what the plugin manager recorded
        RoleInfo role = administration.roles(admin).stream().filter(r -> r.id().equals("admin")).findFirst().orElseThrow();
        Set<String> permissions = new java.util.TreeSet<>(role.permissions());
        permissions.add(Permissions.AUDIT_READ);
        administration.saveRole(admin, "admin", role.name(), role.description(), permissions);

        jars = new PluginJars(context.getBundle(), dir);
        publisher = jars.keyStore("publisher", "Salus Sample Publisher");
        stranger = jars.keyStore("stranger", "Somebody Else");
        Path anchor = jars.certificatePem(publisher, "publisher");

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Hashtable<String, Object> http = new Hashtable<>();
        http.put("host", "127.0.0.1");
        http.put("port", port);
        http.put("threads", 4);
        configAdmin.getConfiguration("org.salus.hub.http", "?").update(http);
        Hashtable<String, Object> repo = new Hashtable<>();
        repo.put("directory", dir.resolve("hub-plugins").toString());
        repo.put("trustAnchors", new String[] {anchor.toString()});
        configAdmin.getConfiguration("org.salus.hub.plugins", "?").update(repo);
        Hashtable<String, Object> manager = new Hashtable<>();
        manager.put("directory", dir.resolve("workstation-plugins").toString());
        manager.put("trustAnchors", new String[] {anchor.toString()});
        configAdmin.getConfiguration("org.salus.plugins", "?").update(manager);
        hub = URI.create("http://127.0.0.1:" + port + "/plugins/");
        await("the hub's plugin repository on its HTTP server", () -> {
            try {
                return get(hub.resolve("index.xml")).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        await("the plugin manager with its configuration", () -> {
            ServiceReference<PluginManager> ref = context.getServiceReference(PluginManager.class);
            return ref != null && dir.resolve("workstation-plugins").toString().equals(
                    String.valueOf(configuredDirectory(ref)));
        });
    }

    private Object configuredDirectory(ServiceReference<PluginManager> ref) {
        return ref.getProperty("directory");
    }

    @Test
    @Order(1)
    void aSignedPluginFromTheHubInstallsStartsUpdatesComesBackAndIsRemoved() throws Exception {
        PluginManager plugins = manager();
        Path v1 = jars.sign(jars.bundle("greeter-1.jar", SAMPLE, "1.0.0", PluginJars.ACTIVATOR, Map.of()), publisher, "publisher", "greeter-1-signed.jar");
        HttpResponse<String> published = publish(v1);
        assertEquals(201, published.statusCode(), published.body());

        List<AvailablePlugin> offered = plugins.available(admin, hub);
        assertTrue(offered.stream().anyMatch(p -> p.symbolicName().equals(SAMPLE) && p.version().equals("1.0.0")), offered.toString());

        InstalledBundle installed = plugins.install(admin, hub, SAMPLE);
        assertEquals(BundleState.ACTIVE, installed.state());
        assertEquals(PluginOrigin.HUB, installed.origin());
        assertEquals("1.0.0", sampleServiceVersion(SAMPLE), "the plugin's activator ran");

        Path v2 = jars.sign(jars.bundle("greeter-2.jar", SAMPLE, "2.0.0", PluginJars.ACTIVATOR, Map.of()), publisher, "publisher", "greeter-2-signed.jar");
        assertEquals(201, publish(v2).statusCode());
        InstalledBundle updated = plugins.update(admin, hub, SAMPLE);
        assertEquals("2.0.0", updated.version());
        assertEquals(BundleState.ACTIVE, updated.state());
        assertEquals(installed.id(), updated.id(), "an update keeps the bundle");
        assertEquals("2.0.0", sampleServiceVersion(SAMPLE));
        assertTrue(plugins.list(admin).stream().anyMatch(b -> b.symbolicName().equals(SAMPLE) && b.origin() == PluginOrigin.HUB
                && b.version().equals("2.0.0")));

        // what Equinox's simple configurator does at a product start to a bundle its list does not name; the plugin
        // manager puts it back from its kept copy when it starts
        Bundle managerBundle = bundle("org.salus.plugins");
        managerBundle.stop();
        bundle(SAMPLE).uninstall();
        assertNull(find(SAMPLE));
        managerBundle.start();
        await("the plugin installed again from its kept copy", () -> find(SAMPLE) != null && find(SAMPLE).getState() == Bundle.ACTIVE);
        assertEquals("2.0.0", find(SAMPLE).getVersion().toString());

        manager().uninstall(admin, SAMPLE);
        assertNull(find(SAMPLE), "removed");
        assertTrue(manager().list(admin).stream().noneMatch(b -> b.symbolicName().equals(SAMPLE)));

        assertRecorded("audit.plugin.install", SAMPLE, "INSTALLED");
        assertRecorded("audit.plugin.update", SAMPLE, "UPDATED");
        assertRecorded("audit.plugin.uninstall", SAMPLE, "UNINSTALLED");
        System.out.println("[plugins.tests] " + framework() + ": " + SAMPLE + " installed from the hub, updated, restored and removed");
    }

    @Test
    @Order(2)
    void unsignedTamperedAndUntrustedJarsAreRefusedNamingTheJar() throws Exception {
        PluginManager plugins = manager();
        Map<Long, Integer> before = bundleStates();
        Path unsigned = jars.bundle("unsigned-plugin.jar", "org.salus.sample.unsigned", "1.0.0", PluginJars.ACTIVATOR, Map.of());
        PluginSignatureException u = assertThrows(PluginSignatureException.class, () -> plugins.install(admin, unsigned));
        assertEquals(PluginSignatureException.Problem.UNSIGNED, u.problem());
        assertTrue(u.getMessage().contains("unsigned-plugin.jar"), u.getMessage());

        Path signed = jars.sign(jars.bundle("tamper.jar", "org.salus.sample.tampered", "1.0.0", PluginJars.ACTIVATOR, Map.of()), publisher, "publisher",
                "tamper-signed.jar");
        Path tampered = jars.tamper(signed, "tampered-plugin.jar");
        PluginSignatureException t = assertThrows(PluginSignatureException.class, () -> plugins.install(admin, tampered));
        assertEquals(PluginSignatureException.Problem.TAMPERED, t.problem());
        assertEquals("plugin.txt", t.entry());
        assertTrue(t.getMessage().contains("tampered-plugin.jar") && t.getMessage().contains("plugin.txt"), t.getMessage());

        Path foreign = jars.sign(jars.bundle("foreign.jar", "org.salus.sample.foreign", "1.0.0", PluginJars.ACTIVATOR, Map.of()), stranger, "stranger",
                "foreign-plugin.jar");
        PluginSignatureException f = assertThrows(PluginSignatureException.class, () -> plugins.install(admin, foreign));
        assertEquals(PluginSignatureException.Problem.UNTRUSTED, f.problem());
        assertTrue(f.getMessage().contains("foreign-plugin.jar") && f.getMessage().contains("Somebody Else"), f.getMessage());
        assertEquals(before, bundleStates(), "nothing was installed");

        HttpResponse<String> hubUnsigned = publish(unsigned);
        assertEquals(422, hubUnsigned.statusCode());
        assertTrue(hubUnsigned.body().contains("UNSIGNED") && hubUnsigned.body().contains("unsigned-plugin.jar"), hubUnsigned.body());
        HttpResponse<String> hubTampered = publish(tampered);
        assertEquals(422, hubTampered.statusCode());
        assertTrue(hubTampered.body().contains("TAMPERED") && hubTampered.body().contains("tampered-plugin.jar")
                && hubTampered.body().contains("plugin.txt"), hubTampered.body());
        assertTrue(get(hub.resolve("index.xml")).body().indexOf("org.salus.sample.tampered") < 0, "the hub does not serve it");

        assertRecorded("audit.plugin.install", "tampered-plugin.jar", "REFUSED");
        System.out.println("[plugins.tests] " + framework() + ": " + t.getMessage());
    }

    @Test
    @Order(3)
    void aPluginWhoseActivatorThrowsIsRolledBackAndTheFrameworkIsUnharmed() throws Exception {
        PluginManager plugins = manager();
        Map<Long, Integer> before = bundleStates();
        Path broken = jars.sign(jars.bundle("broken.jar", "org.salus.sample.broken", "1.0.0", PluginJars.FAILING, Map.of()), publisher, "publisher",
                "broken-signed.jar");
        PluginStartException e = assertThrows(PluginStartException.class, () -> plugins.install(admin, broken));
        assertNull(e.restoredVersion());
        assertTrue(e.getMessage().contains("refuses to start"), e.getMessage());
        assertNull(find("org.salus.sample.broken"), "the new plugin was removed again");
        assertEquals(before, bundleStates(), "every other bundle is as it was");

        String flaky = "org.salus.sample.flaky";
        Path good = jars.sign(jars.bundle("flaky-1.jar", flaky, "1.0.0", PluginJars.ACTIVATOR, Map.of()), publisher, "publisher", "flaky-1-signed.jar");
        plugins.install(admin, good);
        assertEquals("1.0.0", sampleServiceVersion(flaky));
        Map<Long, Integer> withFlaky = bundleStates();
        Path bad = jars.sign(jars.bundle("flaky-2.jar", flaky, "2.0.0", PluginJars.FAILING, Map.of()), publisher, "publisher", "flaky-2-signed.jar");
        PluginStartException u = assertThrows(PluginStartException.class, () -> plugins.update(admin, bad));
        assertEquals("2.0.0", u.version());
        assertEquals("1.0.0", u.restoredVersion());
        assertEquals("1.0.0", find(flaky).getVersion().toString(), "the previous version is back");
        assertEquals(Bundle.ACTIVE, find(flaky).getState());
        assertEquals("1.0.0", sampleServiceVersion(flaky), "and running");
        assertEquals(withFlaky, bundleStates(), "every bundle is as it was before the update");
        assertRecorded("audit.plugin.update", flaky, "ROLLED_BACK");
        assertRecorded("audit.plugin.install", "org.salus.sample.broken", "ROLLED_BACK");
        plugins.uninstall(admin, flaky);
        System.out.println("[plugins.tests] " + framework() + ": " + u.getMessage());
    }

    @Test
    @Order(4)
    void aPluginWithAnUnsatisfiableDependencyIsRefusedBeforeAnythingChanges() throws Exception {
        PluginManager plugins = manager();
        Map<Long, Integer> before = bundleStates();
        Map<String, String> needsMissing = PluginJars.headers("Import-Package",
                "org.osgi.framework;version=\"[1.8,2)\",org.salus.sample.missing;version=\"[1.0,2)\"");
        Path lonely = jars.sign(jars.bundle("lonely.jar", "org.salus.sample.lonely", "1.0.0", PluginJars.ACTIVATOR, needsMissing), publisher, "publisher",
                "lonely-signed.jar");
        PluginResolutionException e = assertThrows(PluginResolutionException.class, () -> plugins.install(admin, lonely));
        assertTrue(e.missing().stream().anyMatch(m -> m.contains("org.salus.sample.missing")), e.missing().toString());
        assertTrue(e.getMessage().contains("org.salus.sample.missing"), e.getMessage());
        assertEquals(before, bundleStates(), "bundle count and states are unchanged");

        assertEquals(201, publish(lonely).statusCode());
        PluginResolutionException fromHub = assertThrows(PluginResolutionException.class, () -> plugins.install(admin, hub, "org.salus.sample.lonely"));
        assertTrue(fromHub.getMessage().contains("org.salus.sample.missing"), fromHub.getMessage());
        assertEquals(before, bundleStates());
        assertRecorded("audit.plugin.install", "org.salus.sample.lonely", "REFUSED");

        // what a plugin needs from the repository's other plugins is installed with it
        Path library = jars.sign(jars.bundle("library.jar", "org.salus.sample.library", "1.0.0", null,
                PluginJars.headers("Export-Package", "org.salus.sample.api;version=\"1.2.0\"")), publisher, "publisher", "library-signed.jar");
        Path consumer = jars.sign(jars.bundle("consumer.jar", "org.salus.sample.consumer", "1.0.0", PluginJars.ACTIVATOR,
                PluginJars.headers("Import-Package", "org.osgi.framework;version=\"[1.8,2)\",org.salus.sample.api;version=\"[1.0,2)\"")), publisher,
                "publisher", "consumer-signed.jar");
        assertEquals(201, publish(library).statusCode());
        assertEquals(201, publish(consumer).statusCode());
        InstalledBundle c = plugins.install(admin, hub, "org.salus.sample.consumer");
        assertEquals(BundleState.ACTIVE, c.state());
        assertNotNull(find("org.salus.sample.library"), "its dependency came from the repository too");
        plugins.uninstall(admin, "org.salus.sample.consumer");
        plugins.uninstall(admin, "org.salus.sample.library");
        assertEquals(before, bundleStates());
        System.out.println("[plugins.tests] " + framework() + ": " + e.getMessage());
    }

    @Test
    @Order(5)
    void aUserWhoIsNotAnAdministratorIsRefusedAndTheRefusalRecorded() throws Exception {
        administration.createUser(admin, "pharm-plugins", "Pharmacist (plugins)", Set.of("pharmacist"), "initial secret 4711".toCharArray());
        authentication.lock(admin);
        Session p = authentication.login("pharm-plugins", "initial secret 4711".toCharArray());
        p = authentication.changePassword(p.actor(), "initial secret 4711".toCharArray(), "own secret 0815!".toCharArray());
        Actor pharmacist = p.actor();
        Map<Long, Integer> before = bundleStates();
        Path jar = jars.sign(jars.bundle("pharm.jar", "org.salus.sample.pharm", "1.0.0", PluginJars.ACTIVATOR, Map.of()), publisher, "publisher",
                "pharm-signed.jar");
        PermissionDeniedException denied = assertThrows(PermissionDeniedException.class, () -> manager().install(pharmacist, jar));
        assertEquals(Permissions.PLUGIN_MANAGE, denied.permission());
        assertEquals("pharm-plugins", denied.userName());
        assertThrows(PermissionDeniedException.class, () -> manager().list(pharmacist));
        assertThrows(PermissionDeniedException.class, () -> manager().uninstall(pharmacist, "org.salus.plugins"));
        assertEquals(before, bundleStates());

        authentication.lock(pharmacist);
        admin = authentication.login(adminName, adminPassword.toCharArray()).actor();
        OpEnvelope refusal = audit.operation(admin, denied.auditOpId()).orElseThrow();
        assertEquals(AccessLedger.OP_ACCESS_DENIED, refusal.opType());
        assertEquals(p.userId(), refusal.userId());
        assertTrue(refusal.payload().contains("plugin.manage") && refusal.payload().contains("pharm-signed.jar"), refusal.payload());
        assertTrue(audit.verifyChain(admin).intact(), "the chain verifies");
        System.out.println("[plugins.tests] " + framework() + ": " + denied.getMessage());
    }

    // ---- helpers ----

    private PluginManager manager() throws InterruptedException {
        PluginManager m = await(PluginManager.class);
        assertNotNull(m, "the plugin manager service");
        return m;
    }

    private void assertRecorded(String opType, String plugin, String outcome) {
        List<OpEnvelope> ops = audit.find(admin, OpQuery.all().entity("Plugin", plugin).type(opType).pageSize(100)).operations();
        assertTrue(ops.stream().anyMatch(o -> o.payload().contains("\"outcome\":\"" + outcome + "\"")), opType + " of " + plugin + " with outcome "
                + outcome + " in " + ops);
        OpEnvelope op = ops.get(0);
        assertNotNull(op.deviceId(), "the device is named");
        assertTrue(!op.userId().equals(AccessLedger.ANONYMOUS_USER), "the administrator is named");
    }

    private String sampleServiceVersion(String bsn) throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(Runnable.class.getName(), "(salus.sample.name=" + bsn + ")");
        assertNotNull(refs, "the sample plugin " + bsn + " offers its service");
        return String.valueOf(refs[0].getProperty(SampleActivator.VERSION));
    }

    private HttpResponse<String> publish(Path jar) throws IOException, InterruptedException {
        URI admin = hub.resolve("/admin/plugins?name=" + jar.getFileName());
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(admin).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofFile(jar))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws IOException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private Map<Long, Integer> bundleStates() {
        Map<Long, Integer> m = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            m.put(b.getBundleId(), b.getState());
        }
        return m;
    }

    private Bundle find(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst().orElse(null);
    }

    private Bundle bundle(String bsn) {
        Bundle b = find(bsn);
        assertNotNull(b, bsn + " is installed");
        return b;
    }

    private String framework() {
        return context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getSymbolicName();
    }

    private <T> T await(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            return tracker.waitForService(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        } finally {
            tracker.close();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + GUARD_SECONDS + " s for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void deleteTree(Path d) throws IOException {
        if (Files.exists(d)) {
            try (Stream<Path> files = Files.walk(d)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
