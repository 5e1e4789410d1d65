package org.salus.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;
import org.salus.core.access.Permissions;
import org.salus.core.command.Actor;
import org.salus.core.op.ChainHead;
import org.salus.core.platform.ClinicClock;
import org.salus.model.clinical.Sex;
import org.salus.plugins.InstalledBundle;
import org.salus.plugins.internal.PluginConfig;
import org.salus.plugins.internal.PluginService;
import org.salus.security.RoleInfo;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.security.internal.SecuritySettings;
import org.salus.security.internal.SecurityService;

import jdk.security.jarsigner.JarSigner;

/**
 * {@code benchmarks/run plugin-swap [--runs N] [--warmup N]}: how long an administrator waits for a signed plugin to
 * be installed and running, and for it to be updated to a newer version and running again, through the real plugin
 * manager ({@code PluginService}) in a real Felix framework, with the real permission check and audit operation
 * (security service and core on an H2 clinic store, SYNC durability). Each install is followed by an uninstall,
 * which is not timed; each update goes one version up. The baselines, in the same run, are the same jars installed and
 * started, or updated, refreshed and started, with the bare framework API: no signature check, no dependency check,
 * no kept copy, no audit. Figures are medians.
 * <p>
 * Then the swap under load: the plugin is updated again and again while a writer registers patients on the same
 * store without pause. {@code plugin-swap-lost-ops} counts the writes lost: acknowledged but missing from the op log,
 * or refused or failed (it must be 0); {@code plugin-swap-under-load} is the median update time then,
 * against the quiet update's median as baseline.
 */
public final class PluginSwapBench {

    private static final char[] PASSWORD = "bench-secret".toCharArray();
    private static final String BSN = "org.salus.bench.swap";

    private PluginSwapBench() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.of(args, "runs", "warmup");
        int runs = flags.integer("runs", 15);
        int warmup = flags.integer("warmup", 5);
        Path dir = Files.createTempDirectory("salus-plugin-swap");
        Framework fw = null;
        try (LocalClinic clinic = LocalClinic.open(dir.resolve("clinic"), clock())) {
            SecurityService security = new SecurityService(clinic.clock, SecuritySettings.defaults());
            clinic.commands.bindAccessControl(security);
            SetupAccount setup = security.firstRun().orElseThrow();
            char[] otp = setup.oneTimePassword().clone();
            Session s = security.login(setup.username(), setup.oneTimePassword());
            Actor admin = security.changePassword(s.actor(), otp, "bench passphrase 1".toCharArray()).actor();

            Path keyStore = keyStore(dir);
            Path anchor = anchor(keyStore, dir);
            int swaps = runs;
            int versions = warmup + runs + 1 + swaps;
            Path[] jars = new Path[versions + 1];
            for (int v = 1; v <= versions; v++) {
                jars[v] = sign(bundle(dir.resolve("swap-" + v + ".jar"), v + ".0.0"), keyStore, dir.resolve("swap-" + v + "-signed.jar"));
            }

            Map<String, String> props = new HashMap<>();
            props.put(Constants.FRAMEWORK_STORAGE, dir.resolve("framework").toString());
            props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            // the baseline's bare bundle has the plugin's name and versions beside the managed one
            props.put(Constants.FRAMEWORK_BSNVERSION, Constants.FRAMEWORK_BSNVERSION_MULTIPLE);
            fw = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
            fw.start();
            BundleContext ctx = fw.getBundleContext();
            PluginService manager = new PluginService(ctx, config(dir.resolve("plugins"), anchor));
            manager.bindActs(security);

            double[] install = new double[runs];
            double[] rawInstall = new double[runs];
            for (int i = -warmup; i < runs; i++) {
                long t0 = System.nanoTime();
                InstalledBundle b = manager.install(admin, jars[1]);
                long t1 = System.nanoTime();
                check(b.state().name().equals("ACTIVE"), "the plugin runs after install");
                manager.uninstall(admin, BSN);
                long t2 = System.nanoTime();
                Bundle raw;
                try (InputStream in = Files.newInputStream(jars[1])) {
                    raw = ctx.installBundle("bench:" + BSN, in);
                }
                raw.start();
                long t3 = System.nanoTime();
                raw.uninstall();
                refresh(ctx, List.of(raw));
                if (i >= 0) {
                    install[i] = (t1 - t0) / 1e6;
                    rawInstall[i] = (t3 - t2) / 1e6;
                }
            }

            double[] update = new double[runs];
            double[] rawUpdate = new double[runs];
            manager.install(admin, jars[1]);
            Bundle raw;
            try (InputStream in = Files.newInputStream(jars[1])) {
                raw = ctx.installBundle("bench:" + BSN + ".raw", in);
            }
            raw.start();
            for (int i = -warmup, v = 2; i < runs; i++, v++) {
                long t0 = System.nanoTime();
                InstalledBundle b = manager.update(admin, jars[v]);
                long t1 = System.nanoTime();
                check(b.version().equals(v + ".0.0") && b.state().name().equals("ACTIVE"), "the new version runs after update");
                raw.stop();
                try (InputStream in = Files.newInputStream(jars[v])) {
                    raw.update(in);
                }
                refresh(ctx, List.of(raw));
                raw.start();
                long t2 = System.nanoTime();
                if (i >= 0) {
                    update[i] = (t1 - t0) / 1e6;
                    rawUpdate[i] = (t2 - t1) / 1e6;
                }
            }
            // the swap under load: a writer registers patients on the same store, one after another, while the plugin
            // manager updates the plugin (its check and audit record are transactions on that store too)
            RoleInfo adminRole = security.roles(admin).stream().filter(r -> r.id().equals("admin")).findFirst().orElseThrow();
            Set<String> permissions = new TreeSet<>(adminRole.permissions());
            permissions.add(Permissions.PATIENT_REGISTER);
            security.saveRole(admin, adminRole.id(), adminRole.name(), adminRole.description(), permissions);
            Burst burst = new Burst(clinic, admin);
            Thread writer = new Thread(burst, "plugin-swap-writer");
            writer.start();
            double[] loaded = new double[swaps];
            for (int i = 0, v = warmup + runs + 2; i < swaps; i++, v++) {
                int before = burst.attempted.get();
                long t0 = System.nanoTime();
                InstalledBundle b = manager.update(admin, jars[v]);
                long t1 = System.nanoTime();
                check(b.version().equals(v + ".0.0") && b.state().name().equals("ACTIVE"), "the new version runs after an update under load");
                loaded[i] = (t1 - t0) / 1e6;
                while (burst.attempted.get() < before + 20 && writer.isAlive()) {
                    Thread.sleep(1); // some writes between two swaps
                }
            }
            burst.stop = true;
            writer.join(60_000);
            check(!writer.isAlive(), "the writer stopped");
            Set<String> stored = clinic.store.read(tx -> {
                Set<String> ids = new HashSet<>();
                for (ChainHead h : tx.opLog().chainHeads()) {
                    tx.opLog().scanDevice(h.deviceId(), 1, op -> {
                        if (op.entityType().equals("Patient")) {
                            ids.add(op.entityId());
                        }
                        return true;
                    });
                }
                return ids;
            });
            long missing = burst.acknowledged.stream().filter(id -> !stored.contains(id)).count();
            long lost = missing + burst.failures.size();
            System.out.printf("plugin-swap: under load, %d updates while %d patients were registered (%d acknowledged, %d refused or failed%s, %d missing "
                    + "from the store)%n", swaps, burst.attempted.get(), burst.acknowledged.size(), burst.failures.size(),
                    burst.failures.isEmpty() ? "" : ": " + burst.failures.get(0), missing);
            Figures.print("plugin-swap-lost-ops", lost, "ops");
            Figures.print("plugin-swap-under-load", Figures.median(loaded), "ms", Figures.median(update));
            System.out.printf("plugin-swap: Felix %s, a %d-byte signed plugin, %d runs after %d warm-up; install %.1f to %.1f ms, update %.1f to %.1f ms%n",
                    ctx.getBundle(0).getVersion(), Files.size(jars[1]), runs, warmup, Arrays.stream(install).min().orElse(0),
                    Arrays.stream(install).max().orElse(0), Arrays.stream(update).min().orElse(0), Arrays.stream(update).max().orElse(0));
            Figures.print("plugin-install", Figures.median(install), "ms", Figures.median(rawInstall));
            Figures.print("plugin-update", Figures.median(update), "ms", Figures.median(rawUpdate));
        } finally {
            if (fw != null) {
                fw.stop();
                fw.waitForStop(10_000);
            }
            LocalClinic.deleteDirectory(dir);
        }
    }

    /** Registers patients one after another until stopped; keeps what was acknowledged and what failed. */
    private static final class Burst implements Runnable {

        final LocalClinic clinic;
        final Actor actor;
        final AtomicInteger attempted = new AtomicInteger();
        final List<String> acknowledged = new CopyOnWriteArrayList<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        volatile boolean stop;

        Burst(LocalClinic clinic, Actor actor) {
            this.clinic = clinic;
            this.actor = actor;
        }

        @Override
        public void run() {
            while (!stop) {
                int n = attempted.get();
                try {
                    String id = clinic.commands.registerPatient(actor, "MRN-SWAP-" + n, "Swap", "Load " + n, LocalDate.of(2000, 1, 1), Sex.FEMALE)
                            .createdId("Patient");
                    acknowledged.add(id);
                } catch (RuntimeException e) {
                    failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                attempted.incrementAndGet();
            }
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("not so: " + what);
        }
    }

    private static void refresh(BundleContext ctx, List<Bundle> bundles) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        ctx.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        done.await(30, TimeUnit.SECONDS);
    }

    private static ClinicClock clock() {
        return new ClinicClock() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public ZoneId zone() {
                return ZoneId.of("UTC");
            }
        };
    }

    private static PluginConfig config(Path directory, Path anchor) {
        return new PluginConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PluginConfig.class;
            }

            @Override
            public String[] trustAnchors() {
                return new String[] {anchor.toString()};
            }

            @Override
            public String trustStorePassword() {
                return "";
            }

            @Override
            public String directory() {
                return directory.toString();
            }

            @Override
            public String hubRepository() {
                return "";
            }

            @Override
            public int refreshSeconds() {
                return 30;
            }
        };
    }

    private static Path keyStore(Path dir) throws IOException, InterruptedException {
        Path ks = dir.resolve("publisher.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "publisher",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=Salus benchmark publisher", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        return ks;
    }

    private static Path anchor(Path keyStore, Path dir) throws Exception {
        X509Certificate cert = (X509Certificate) KeyStore.getInstance(keyStore.toFile(), PASSWORD).getCertificate("publisher");
        Path pem = dir.resolve("publisher.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        return pem;
    }

    private static Path bundle(Path jar, String version) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", BSN);
        a.putValue("Bundle-Version", version);
        a.putValue("Bundle-Activator", "org.salus.bench.plugin.SwapActivator");
        a.putValue("Import-Package", "org.osgi.framework;version=\"[1.8,2)\"");
        String cls = "org/salus/bench/plugin/SwapActivator.class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m);
                InputStream in = PluginSwapBench.class.getClassLoader().getResourceAsStream(cls)) {
            out.putNextEntry(new JarEntry(cls));
            in.transferTo(out);
            out.closeEntry();
            out.putNextEntry(new JarEntry("plugin.txt"));
            out.write(("The plugin-swap benchmark's plugin, version " + version + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static Path sign(Path unsigned, Path keyStore, Path signed) throws Exception {
        KeyStore ks = KeyStore.getInstance(keyStore.toFile(), PASSWORD);
        JarSigner signer = new JarSigner.Builder((PrivateKey) ks.getKey("publisher", PASSWORD),
                CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(ks.getCertificateChain("publisher")))).digestAlgorithm("SHA-256")
                .build();
        try (ZipFile in = new ZipFile(unsigned.toFile()); OutputStream out = Files.newOutputStream(signed)) {
            signer.sign(in, out);
        }
        return signed;
    }
}
