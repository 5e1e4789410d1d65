package org.salus.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.core.access.Permissions;
import org.salus.core.command.Actor;
import org.salus.core.platform.BundleState;
import org.salus.plugins.AvailablePlugin;
import org.salus.plugins.InstalledBundle;
import org.salus.plugins.PluginException;
import org.salus.plugins.PluginManager;
import org.salus.plugins.PluginOrigin;
import org.salus.plugins.PluginRefusedException;
import org.salus.plugins.PluginRefusedException.Reason;
import org.salus.plugins.PluginResolutionException;
import org.salus.plugins.PluginSignatureException;
import org.salus.plugins.PluginStartException;
import org.salus.plugins.repository.Capability;
import org.salus.plugins.repository.PluginIndex;
import org.salus.plugins.repository.PluginResource;
import org.salus.plugins.repository.SignedJars;
import org.salus.plugins.repository.TrustAnchors;
import org.salus.security.AdministrativeActs;
import org.salus.security.SecurityUnavailableException;

/**
 * The plugin manager. Plugins are installed under the location {@value #LOCATION}{@code <symbolic name>} from the
 * verified copy this service keeps ({@link PluginStore}); at activation, every plugin of that list that the framework
 * lacks (a clean start, or Equinox's simple configurator removing bundles its list does not name) is installed again
 * from its copy and started.
 * <p>
 * Acts run one at a time. The permission check runs first; signature, resolution and start problems after it are
 * recorded as audit operations with their outcome before they are thrown.
 */
@Component(name = PluginConfig.PID, configurationPid = PluginConfig.PID, immediate = true, service = PluginManager.class)
@Designate(ocd = PluginConfig.class)
public class PluginService implements PluginManager {

    static final String LOCATION = "salus-plugin:";
    static final String ENTITY = "Plugin";
    static final String OP_INSTALL = "audit.plugin.install";
    static final String OP_UPDATE = "audit.plugin.update";
    static final String OP_UNINSTALL = "audit.plugin.uninstall";

    private final BundleContext context;
    private final Object lock = new Object();
    private volatile AdministrativeActs acts;
    private final Settings settings;
    private final PluginStore store;

    private record Settings(TrustAnchors anchors, String anchorProblem, Optional<URI> hub, int refreshSeconds) {
    }

    @Activate
    public PluginService(BundleContext context, PluginConfig config) throws IOException {
        this.context = context;
        this.settings = settings(context, config);
        Path dir = config.directory().isBlank() ? context.getDataFile("plugins").toPath() : Path.of(config.directory());
        this.store = new PluginStore(dir);
        restore();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindActs(AdministrativeActs a) {
        acts = a;
    }

    public void unbindActs(AdministrativeActs a) {
        if (acts == a) {
            acts = null;
        }
    }

    private static Settings settings(BundleContext context, PluginConfig config) {
        List<String> files = new ArrayList<>(Arrays.stream(config.trustAnchors()).flatMap(s -> Arrays.stream(s.split(","))).map(String::trim)
                .filter(s -> !s.isEmpty()).toList());
        if (files.isEmpty() && context.getProperty(PluginConfig.TRUST_PROPERTY) != null) {
            Arrays.stream(context.getProperty(PluginConfig.TRUST_PROPERTY).split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(files::add);
        }
        TrustAnchors anchors = TrustAnchors.none();
        String problem = null;
        try {
            anchors = TrustAnchors.load(files.stream().map(Path::of).toList(),
                    config.trustStorePassword().isEmpty() ? null : config.trustStorePassword().toCharArray());
        } catch (IOException e) {
            problem = e.getMessage();
            System.err.println("Salus plugins: " + problem + "; no plugin can be installed until the trust anchors (pid " + PluginConfig.PID
                    + ", trustAnchors) can be read.");
        }
        String hub = config.hubRepository().isBlank() ? context.getProperty(PluginConfig.REPOSITORY_PROPERTY) : config.hubRepository();
        return new Settings(anchors, problem, hub == null || hub.isBlank() ? Optional.empty() : Optional.of(URI.create(hub.trim())),
                Math.max(1, config.refreshSeconds()));
    }

    // ---- reads ----

    @Override
    public List<InstalledBundle> list(Actor actor) {
        authorize(actor, "PluginManager.list");
        List<InstalledBundle> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            out.add(describe(b));
        }
        return out;
    }

    @Override
    public Optional<URI> hubRepository() {
        return settings.hub();
    }

    @Override
    public List<AvailablePlugin> available(Actor actor, URI repository) {
        authorize(actor, "PluginManager.available " + repository);
        URI index = indexOf(repository);
        return readIndex(index).stream()
                .sorted(Comparator.comparing(PluginResource::symbolicName).thenComparing((PluginResource r) -> Version.parseVersion(r.version()),
                        Comparator.reverseOrder()))
                .map(r -> new AvailablePlugin(r.symbolicName(), r.version(), r.name(), index.resolve(r.url()), r.size(), r.sha256())).toList();
    }

    // ---- acts ----

    @Override
    public InstalledBundle install(Actor actor, URI repository, String symbolicName) {
        return audited(actor, OP_INSTALL, "PluginManager.install " + symbolicName, symbolicName, repository.toString(), details -> {
            URI index = indexOf(repository);
            List<PluginResource> offered = readIndex(index);
            PluginResource root = newest(offered, symbolicName, index);
            details.put("version", root.version());
            refuseIfInstalled(symbolicName);
            List<PluginResource> plan = planner(null, offered).plan(root);
            List<Fetched> jars = fetchAll(index, plan);
            return installAll(jars, PluginOrigin.HUB, repository.toString(), details);
        });
    }

    @Override
    public InstalledBundle install(Actor actor, Path jar) {
        String label = jar.getFileName().toString();
        return audited(actor, OP_INSTALL, "PluginManager.install " + label, label, jar.toString(), details -> {
            PluginResource r = SignedJars.verify(jar, label, jar.toUri().toString(), anchors()).resource();
            details.put("plugin", r.symbolicName());
            details.put("version", r.version());
            refuseIfInstalled(r.symbolicName());
            planner(null, List.of()).plan(r);
            return installAll(List.of(new Fetched(r, jar, false)), PluginOrigin.LOCAL_FILE, jar.toString(), details);
        });
    }

    @Override
    public InstalledBundle update(Actor actor, URI repository, String symbolicName) {
        return audited(actor, OP_UPDATE, "PluginManager.update " + symbolicName, symbolicName, repository.toString(), details -> {
            Bundle current = pluginBundle(symbolicName);
            URI index = indexOf(repository);
            List<PluginResource> offered = readIndex(index);
            PluginResource root = newest(offered, symbolicName, index);
            details.put("previousVersion", current.getVersion().toString());
            details.put("version", root.version());
            refuseIfNotNewer(current, root);
            List<PluginResource> plan = planner(current, offered).plan(root);
            List<Fetched> jars = fetchAll(index, plan);
            return updateWith(current, jars, PluginOrigin.HUB, repository.toString(), details);
        });
    }

    @Override
    public InstalledBundle update(Actor actor, Path jar) {
        String label = jar.getFileName().toString();
        return audited(actor, OP_UPDATE, "PluginManager.update " + label, label, jar.toString(), details -> {
            PluginResource r = SignedJars.verify(jar, label, jar.toUri().toString(), anchors()).resource();
            details.put("plugin", r.symbolicName());
            Bundle current = pluginBundle(r.symbolicName());
            details.put("previousVersion", current.getVersion().toString());
            details.put("version", r.version());
            refuseIfNotNewer(current, r);
            planner(current, List.of()).plan(r);
            return updateWith(current, List.of(new Fetched(r, jar, false)), PluginOrigin.LOCAL_FILE, jar.toString(), details);
        });
    }

    @Override
    public void uninstall(Actor actor, String symbolicName) {
        audited(actor, OP_UNINSTALL, "PluginManager.uninstall " + symbolicName, symbolicName, "", details -> {
            Bundle b = pluginBundle(symbolicName);
            details.put("version", b.getVersion().toString());
            PluginStore.Entry entry = store.get(symbolicName).orElse(null);
            try {
                b.uninstall();
            } catch (BundleException e) {
                throw new PluginStartException(symbolicName, b.getVersion().toString(), b.getVersion().toString(), "The plugin " + symbolicName
                        + " could not be removed: " + e.getMessage(), e);
            }
            refresh(List.of(b));
            store.remove(symbolicName);
            if (entry != null) {
                store.forget(store.jar(entry));
            }
            details.put("outcome", "UNINSTALLED");
            return null;
        });
    }

    // ---- the work ----

    /** A verified jar ready to install: a temporary download ({@code temporary}) or the caller's file. */
    private record Fetched(PluginResource resource, Path jar, boolean temporary) {
    }

    private InstalledBundle installAll(List<Fetched> jars, PluginOrigin origin, String source, Map<String, Object> details) throws IOException {
        List<Bundle> added = installNew(jars, origin, source, null, null);
        Bundle root = added.get(added.size() - 1);
        details.put("outcome", "INSTALLED");
        if (added.size() > 1) {
            details.put("withPlugins", added.subList(0, added.size() - 1).stream().map(b -> b.getSymbolicName() + " " + b.getVersion()).toList());
        }
        return describe(root);
    }

    /**
     * Installs, resolves and starts new plugins together; when one fails, every one of them is removed again (and
     * {@code onFailure} undoes the rest of the act) before the error is thrown.
     */
    private List<Bundle> installNew(List<Fetched> jars, PluginOrigin origin, String source, Runnable onFailure, String restoredVersion) throws IOException {
        List<Bundle> added = new ArrayList<>();
        List<PluginStore.Entry> entries = new ArrayList<>();
        Fetched current = jars.get(jars.size() - 1);
        try {
            for (Fetched f : jars) {
                current = f;
                PluginResource r = f.resource();
                Path kept = store.keep(f.jar(), r.symbolicName(), r.version());
                entries.add(new PluginStore.Entry(r.symbolicName(), r.version(), origin, source, kept.getFileName().toString(), r.sha256()));
                try (InputStream in = Files.newInputStream(kept)) {
                    added.add(context.installBundle(LOCATION + r.symbolicName(), in));
                }
            }
            FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
            wiring.resolveBundles(added);
            for (int i = 0; i < added.size(); i++) {
                current = jars.get(i);
                Bundle b = added.get(i);
                if (b.getState() == Bundle.INSTALLED) {
                    throw new BundleException("the framework cannot resolve it (a requirement or a uses constraint is not met)", BundleException.RESOLVE_ERROR);
                }
                if (!fragment(b)) {
                    b.start();
                }
            }
        } catch (BundleException | RuntimeException e) {
            for (int i = added.size() - 1; i >= 0; i--) {
                try {
                    added.get(i).uninstall();
                } catch (BundleException | IllegalStateException ignored) {
                    // already gone
                }
            }
            refresh(added);
            for (PluginStore.Entry en : entries) {
                store.forget(store.jar(en));
            }
            if (onFailure != null) {
                onFailure.run();
            }
            PluginResource r = current.resource();
            String root = jars.get(jars.size() - 1).resource().symbolicName();
            throw new PluginStartException(r.symbolicName(), r.version(), restoredVersion, "The plugin " + r.symbolicName() + " " + r.version()
                    + (r.symbolicName().equals(root) ? "" : " (needed by " + root + ")") + " failed to start: " + reason(e) + ". "
                    + (restoredVersion == null ? "It was removed again" : "Version " + restoredVersion + " runs again")
                    + "; the rest of Salus is unchanged.", e);
        } finally {
            cleanUp(jars);
        }
        for (PluginStore.Entry en : entries) {
            store.put(en);
        }
        return added;
    }

    private InstalledBundle updateWith(Bundle current, List<Fetched> jars, PluginOrigin origin, String source, Map<String, Object> details) throws IOException {
        String bsn = current.getSymbolicName();
        String oldVersion = current.getVersion().toString();
        PluginStore.Entry oldEntry = store.get(bsn).orElseThrow();
        Path oldJar = store.jar(oldEntry);
        boolean wasActive = current.getState() == Bundle.ACTIVE || current.getState() == Bundle.STARTING;
        List<Fetched> dependencies = jars.subList(0, jars.size() - 1);
        List<Bundle> added = dependencies.isEmpty() ? List.of() : installNew(new ArrayList<>(dependencies), origin, source, null, oldVersion);
        Fetched fetched = jars.get(jars.size() - 1);
        PluginResource r = fetched.resource();
        Path kept = store.keep(fetched.jar(), bsn, r.version());
        try {
            current.stop();
            try (InputStream in = Files.newInputStream(kept)) {
                current.update(in);
            }
            refresh(List.of(current));
            if (current.getState() == Bundle.INSTALLED
                    && !context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).resolveBundles(List.of(current))) {
                throw new BundleException("the framework cannot resolve it", BundleException.RESOLVE_ERROR);
            }
            if (!fragment(current)) {
                current.start();
            }
        } catch (BundleException | RuntimeException e) {
            restore(current, oldJar, wasActive);
            for (int i = added.size() - 1; i >= 0; i--) {
                try {
                    added.get(i).uninstall();
                    store.remove(added.get(i).getSymbolicName());
                } catch (BundleException | IllegalStateException ignored) {
                    // already gone
                }
            }
            if (!added.isEmpty()) {
                refresh(added);
            }
            if (!kept.equals(oldJar)) {
                Files.deleteIfExists(kept);
            }
            throw new PluginStartException(bsn, r.version(), current.getVersion().toString(), "The plugin " + bsn + " " + r.version() + " failed to start: "
                    + reason(e) + ". Version " + current.getVersion() + " runs again; the rest of Salus is unchanged.", e);
        } finally {
            cleanUp(List.of(fetched));
        }
        store.put(new PluginStore.Entry(bsn, r.version(), origin, source, kept.getFileName().toString(), r.sha256()));
        if (!kept.equals(oldJar)) {
            store.forget(oldJar);
        }
        details.put("outcome", "UPDATED");
        if (!added.isEmpty()) {
            details.put("withPlugins", added.stream().map(b -> b.getSymbolicName() + " " + b.getVersion()).toList());
        }
        return describe(current);
    }

    /** Puts the previous version back after a failed update. */
    private void restore(Bundle b, Path oldJar, boolean start) {
        try {
            if (b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING) {
                b.stop();
            }
        } catch (BundleException | IllegalStateException ignored) {
            // it failed to start; nothing to stop
        }
        try (InputStream in = Files.newInputStream(oldJar)) {
            b.update(in);
            refresh(List.of(b));
            if (start && !fragment(b)) {
                b.start();
            }
        } catch (IOException | BundleException | RuntimeException e) {
            System.err.println("Salus plugins: the previous version of " + b.getSymbolicName() + " could not be started again: " + e);
        }
    }

    /** Reinstalls and starts the plugins of the list that the framework lacks or has stopped. */
    private void restore() {
        List<Bundle> toStart = new ArrayList<>();
        for (PluginStore.Entry e : store.all().values()) {
            try {
                Bundle b = context.getBundle(LOCATION + e.symbolicName());
                if (b == null) {
                    Path jar = store.jar(e);
                    if (!e.sha256().equals(SignedJars.sha256(jar))) {
                        System.err.println("Salus plugins: the kept copy of " + e.symbolicName() + " changed on disk; it is not installed again.");
                        continue;
                    }
                    try (InputStream in = Files.newInputStream(jar)) {
                        b = context.installBundle(LOCATION + e.symbolicName(), in);
                    }
                    System.out.println("Salus plugins: installed " + e.symbolicName() + " " + e.version() + " again from its kept copy");
                }
                if (b.getState() != Bundle.ACTIVE && b.getState() != Bundle.STARTING && !fragment(b)) {
                    toStart.add(b);
                }
            } catch (IOException | BundleException | RuntimeException ex) {
                System.err.println("Salus plugins: " + e.symbolicName() + " " + e.version() + " could not be installed again: " + ex.getMessage());
            }
        }
        for (Bundle b : toStart) {
            try {
                b.start();
            } catch (BundleException | RuntimeException ex) {
                System.err.println("Salus plugins: " + b.getSymbolicName() + " " + b.getVersion() + " did not start: " + ex.getMessage());
            }
        }
    }

    private List<Fetched> fetchAll(URI index, List<PluginResource> plan) throws IOException {
        List<Fetched> out = new ArrayList<>();
        try {
            for (PluginResource r : plan) {
                URI jarUri = index.resolve(r.url());
                Path tmp = Files.createTempFile("salus-plugin-", ".jar");
                out.add(new Fetched(r, tmp, true));
                try (InputStream in = open(jarUri)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new PluginRefusedException(Reason.REPOSITORY_UNAVAILABLE, r.symbolicName(), "The plugin " + r.symbolicName() + " could not be "
                            + "downloaded from " + jarUri + ": " + e.getMessage() + ". Check that the hub is running and reachable.", e);
                }
                String label = r.symbolicName() + " " + r.version() + " (" + jarUri + ")";
                SignedJars.Verified v = SignedJars.verify(tmp, label, r.url(), anchors());
                if (!v.resource().sha256().equals(r.sha256()) || !v.resource().symbolicName().equals(r.symbolicName())
                        || !v.resource().version().equals(r.version())) {
                    throw new PluginSignatureException(PluginSignatureException.Problem.TAMPERED, label, null, "The jar downloaded for " + label
                            + " is not the one the repository's index describes (its content or name differs).", null);
                }
                out.set(out.size() - 1, new Fetched(v.resource(), tmp, true));
            }
            return out;
        } catch (RuntimeException e) {
            cleanUp(out);
            throw e;
        }
    }

    private static void cleanUp(List<Fetched> jars) {
        for (Fetched f : jars) {
            if (f.temporary()) {
                try {
                    Files.deleteIfExists(f.jar());
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    private Planner planner(Bundle excluded, List<PluginResource> offered) {
        List<Capability> caps = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Bundle b : context.getBundles()) {
            if (b.equals(excluded) || b.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            if (b.getSymbolicName() != null) {
                names.add(b.getSymbolicName());
            }
            BundleRevision rev = b.adapt(BundleRevision.class);
            if (rev == null) {
                continue;
            }
            for (BundleCapability c : rev.getDeclaredCapabilities(null)) {
                caps.add(new Capability(c.getNamespace(), c.getAttributes(), c.getDirectives()));
            }
        }
        if (excluded != null) {
            names.add(excluded.getSymbolicName());
        }
        return new Planner(caps, offered, names);
    }

    private TrustAnchors anchors() {
        Settings s = settings;
        if (s.anchorProblem() != null) {
            throw new PluginRefusedException(Reason.UNAVAILABLE, null, "No plugin can be checked now: " + s.anchorProblem()
                    + ". Fix the trust anchors of the plugin manager (pid " + PluginConfig.PID + ").", null);
        }
        return s.anchors();
    }

    private void refuseIfInstalled(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                boolean plugin = b.getLocation().startsWith(LOCATION);
                throw new PluginRefusedException(plugin ? Reason.ALREADY_INSTALLED : Reason.PRODUCT_BUNDLE, bsn, "The plugin " + bsn + " is installed "
                        + "already (version " + b.getVersion() + (plugin ? "): update it instead." : ", with the product): only a product update changes it."),
                        null);
            }
        }
    }

    private static void refuseIfNotNewer(Bundle current, PluginResource r) {
        if (Version.parseVersion(r.version()).compareTo(current.getVersion()) <= 0) {
            throw new PluginRefusedException(Reason.NOT_NEWER, r.symbolicName(), "The plugin " + r.symbolicName() + " " + r.version()
                    + " is not newer than the installed version " + current.getVersion() + ".", null);
        }
    }

    private Bundle pluginBundle(String bsn) {
        Bundle b = context.getBundle(LOCATION + bsn);
        if (b != null) {
            return b;
        }
        boolean product = Arrays.stream(context.getBundles()).anyMatch(x -> bsn.equals(x.getSymbolicName()));
        throw new PluginRefusedException(product ? Reason.PRODUCT_BUNDLE : Reason.NOT_FOUND, bsn, product
                ? "The bundle " + bsn + " came with the product: only a product update changes or removes it."
                : "No plugin " + bsn + " is installed.", null);
    }

    private static PluginResource newest(List<PluginResource> offered, String bsn, URI index) {
        return offered.stream().filter(r -> r.symbolicName().equals(bsn)).max(Comparator.comparing(r -> Version.parseVersion(r.version())))
                .orElseThrow(() -> new PluginRefusedException(Reason.NOT_FOUND, bsn, "The repository " + index + " offers no plugin " + bsn + ".", null));
    }

    static URI indexOf(URI repository) {
        String s = repository.toString();
        if (s.endsWith(".xml")) {
            return repository;
        }
        return URI.create(s.endsWith("/") ? s : s + "/").resolve("index.xml");
    }

    private static List<PluginResource> readIndex(URI index) {
        try (InputStream in = open(index)) {
            return PluginIndex.read(in);
        } catch (IOException e) {
            throw new PluginRefusedException(Reason.REPOSITORY_UNAVAILABLE, null, "The plugin repository " + index + " cannot be read: " + e.getMessage()
                    + ". Check that the hub is running and reachable.", e);
        }
    }

    private static InputStream open(URI uri) throws IOException {
        URLConnection c = uri.toURL().openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        if (c instanceof HttpURLConnection h && h.getResponseCode() / 100 != 2) {
            int code = h.getResponseCode();
            h.disconnect();
            throw new IOException("the hub answered " + code);
        }
        return c.getInputStream();
    }

    private void refresh(List<Bundle> bundles) {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            if (!done.await(settings.refreshSeconds(), TimeUnit.SECONDS)) {
                System.err.println("Salus plugins: the framework did not finish refreshing packages within " + settings.refreshSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean fragment(Bundle b) {
        BundleRevision rev = b.adapt(BundleRevision.class);
        return rev != null && (rev.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            s.append(": ").append(root.getClass().getSimpleName()).append(root.getMessage() == null ? "" : " " + root.getMessage());
        }
        return s.toString();
    }

    private InstalledBundle describe(Bundle b) {
        String loc = b.getLocation();
        PluginOrigin origin = PluginOrigin.PRODUCT;
        String source = null;
        if (loc.startsWith(LOCATION)) {
            Optional<PluginStore.Entry> e = store.get(loc.substring(LOCATION.length()));
            origin = e.map(PluginStore.Entry::origin).orElse(PluginOrigin.LOCAL_FILE);
            source = e.map(PluginStore.Entry::source).orElse(null);
        }
        // localized: Eclipse bundles name themselves through their bundle.properties (%pluginName)
        String name = b.getHeaders().get(Constants.BUNDLE_NAME);
        String bsn = b.getSymbolicName() == null ? loc : b.getSymbolicName();
        return new InstalledBundle(b.getBundleId(), bsn, b.getVersion().toString(), name == null ? bsn : name, BundleState.fromOsgi(b.getState()),
                origin, source);
    }

    // ---- permission and audit ----

    @FunctionalInterface
    private interface Act<T> {
        T run(Map<String, Object> details) throws IOException;
    }

    private AdministrativeActs acts() {
        AdministrativeActs a = acts;
        if (a == null) {
            throw new PluginRefusedException(Reason.UNAVAILABLE, null, "Plugins cannot be managed now: the security bundle (org.salus.security) is "
                    + "not running, so nobody can be checked.", null);
        }
        return a;
    }

    private void authorize(Actor actor, String what) {
        try {
            acts().authorize(actor, Permissions.PLUGIN_MANAGE, what);
        } catch (SecurityUnavailableException e) {
            throw new PluginRefusedException(Reason.UNAVAILABLE, null, e.getMessage(), e);
        }
    }

    /**
     * Checks the actor, runs the act, and records it with its outcome whether it worked or not. A refused check is
     * recorded by the security bundle itself ({@code audit.access.denied}).
     */
    private <T> T audited(Actor actor, String opType, String what, String plugin, String source, Act<T> act) {
        authorize(actor, what);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("plugin", plugin);
        details.put("source", source);
        synchronized (lock) {
            try {
                T result = act.run(details);
                record(actor, opType, details);
                return result;
            } catch (PluginException e) {
                details.put("outcome", e instanceof PluginStartException ? "ROLLED_BACK" : "REFUSED");
                details.put("reason", e.getMessage());
                if (e instanceof PluginSignatureException s) {
                    details.put("problem", s.problem().name());
                    if (s.entry() != null) {
                        details.put("entry", s.entry());
                    }
                } else if (e instanceof PluginResolutionException r) {
                    details.put("missing", r.missing());
                }
                record(actor, opType, details);
                throw e;
            } catch (IOException e) {
                details.put("outcome", "FAILED");
                details.put("reason", e.getMessage());
                record(actor, opType, details);
                throw new PluginRefusedException(Reason.UNAVAILABLE, plugin, "The plugin " + plugin + " could not be kept on this machine: " + e.getMessage()
                        + ". Nothing was changed.", e);
            }
        }
    }

    private void record(Actor actor, String opType, Map<String, Object> details) {
        Object plugin = details.get("plugin");
        try {
            acts().record(actor, ENTITY, String.valueOf(plugin), opType, details);
        } catch (RuntimeException e) {
            System.err.println("Salus plugins: " + opType + " of " + plugin + " (" + details.get("outcome") + ") could not be recorded: " + e.getMessage());
        }
    }
}
