package org.salus.hub.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.plugins.repository.PluginResource;
import org.salus.plugins.repository.TrustAnchors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The hub's plugin repository on its HTTP server: {@code /plugins/index.xml} (the OSGi Repository index) and
 * {@code /plugins/jars/<file>} for every workstation; {@code /admin/plugins} for {@code salus-hub-admin} on this
 * machine only: {@code GET} lists, {@code POST ?name=<file>} with the jar as body publishes, {@code POST
 * /admin/plugins/<name>/<version>/withdraw} stops serving one.
 */
@Component(name = RepositoryConfig.PID, configurationPid = RepositoryConfig.PID, immediate = true, service = {})
@Designate(ocd = RepositoryConfig.class)
public class HubPluginRepository {

    /** The hub HTTP server's whiteboard property (org.salus.hub.http). */
    static final String CONTEXT = "salus.http.context";

    private final PluginShelf shelf;
    private final Path uploads;
    private final List<ServiceRegistration<HttpHandler>> registrations;

    @Activate
    public HubPluginRepository(BundleContext context, RepositoryConfig config) throws IOException {
        Path dir = Path.of(config.directory());
        TrustAnchors anchors;
        try {
            // a .cfg file gives one text: the files are comma-separated
            anchors = TrustAnchors.load(Arrays.stream(config.trustAnchors()).flatMap(s -> Arrays.stream(s.split(","))).map(String::trim)
                    .filter(s -> !s.isEmpty()).map(Path::of).toList(),
                    config.trustStorePassword().isEmpty() ? null : config.trustStorePassword().toCharArray());
        } catch (IOException e) {
            System.err.println("Salus hub plugins: " + e.getMessage() + "; every plugin is refused until trustAnchors in "
                    + RepositoryConfig.PID + ".cfg can be read.");
            anchors = TrustAnchors.none();
        }
        if (anchors.isEmpty()) {
            System.out.println("Salus hub plugins: no trust anchor is configured (trustAnchors in " + RepositoryConfig.PID
                    + ".cfg), so no plugin can be published.");
        }
        this.shelf = new PluginShelf(dir, anchors, config.maxJarBytes(), config.name());
        this.uploads = dir.resolve("uploads");
        Files.createDirectories(uploads);
        this.registrations = List.of(register(context, "/plugins", this::serve), register(context, "/admin/plugins", this::administer));
    }

    private static ServiceRegistration<HttpHandler> register(BundleContext context, String path, HttpHandler handler) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(CONTEXT, path);
        return context.registerService(HttpHandler.class, handler, props);
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<HttpHandler> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException ignored) {
                // the framework is stopping
            }
        }
    }

    PluginShelf shelf() {
        return shelf;
    }

    // ---- /plugins ----

    void serve(HttpExchange exchange) throws IOException {
        String m = exchange.getRequestMethod();
        if (!"GET".equalsIgnoreCase(m) && !"HEAD".equalsIgnoreCase(m)) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            text(exchange, 405, m + " is not allowed here: the plugin repository is read-only (GET, HEAD). Publish with salus-hub-admin publish-plugin.\n");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/plugins") || path.equals("/plugins/") || path.equals("/plugins/index.xml")) {
            send(exchange, 200, "application/xml; charset=utf-8", shelf.index().getBytes(StandardCharsets.UTF_8));
            return;
        }
        String prefix = "/plugins/" + PluginShelf.JARS + "/";
        Optional<Path> jar = path.startsWith(prefix) ? shelf.jar(path.substring(prefix.length())) : Optional.empty();
        if (jar.isEmpty() || !Files.isRegularFile(jar.get())) {
            text(exchange, 404, "No such plugin jar here. The index is /plugins/index.xml.\n");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.osgi.bundle");
        boolean head = "HEAD".equalsIgnoreCase(m);
        exchange.sendResponseHeaders(200, head ? -1 : Files.size(jar.get()));
        if (!head) {
            try (OutputStream out = exchange.getResponseBody(); InputStream in = Files.newInputStream(jar.get())) {
                in.transferTo(out);
            }
        }
    }

    // ---- /admin/plugins ----

    static boolean fromThisMachine(InetAddress address) {
        return address != null && address.isLoopbackAddress();
    }

    void administer(HttpExchange exchange) throws IOException {
        if (!fromThisMachine(exchange.getRemoteAddress().getAddress())) {
            text(exchange, 403, "The hub is administered from its own machine only (salus-hub-admin).\n");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try {
            if ("GET".equalsIgnoreCase(method) && (path.equals("/admin/plugins") || path.equals("/admin/plugins/"))) {
                json(exchange, 200, list(shelf.plugins()));
            } else if ("POST".equalsIgnoreCase(method) && path.equals("/admin/plugins")) {
                String name = query(exchange, "name");
                String label = name == null || name.isBlank() ? "the uploaded jar" : Path.of(name).getFileName().toString();
                Path upload = Files.createTempFile(uploads, "upload-", ".jar");
                try (InputStream in = exchange.getRequestBody()) {
                    Files.copy(in, upload, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                PluginResource r = shelf.publish(upload, label);
                System.out.println("Salus hub plugins: published " + r.symbolicName() + " " + r.version() + " from " + label);
                json(exchange, 201, entry(r) + "\n");
            } else if ("POST".equalsIgnoreCase(method) && path.startsWith("/admin/plugins/") && path.endsWith("/withdraw")) {
                String[] parts = path.substring("/admin/plugins/".length(), path.length() - "/withdraw".length()).split("/");
                if (parts.length != 2) {
                    text(exchange, 400, "Withdraw with POST /admin/plugins/<symbolic name>/<version>/withdraw\n");
                    return;
                }
                Optional<PluginResource> gone = shelf.withdraw(parts[0], parts[1]);
                if (gone.isEmpty()) {
                    json(exchange, 404, "{\"error\": \"NOT_FOUND\", \"message\": \"" + esc("The hub serves no plugin " + parts[0] + " " + parts[1] + ".")
                            + "\"}\n");
                } else {
                    json(exchange, 200, entry(gone.get()) + "\n");
                }
            } else {
                text(exchange, 404, "Plugins: GET /admin/plugins, POST /admin/plugins?name=<file> (the jar as body), "
                        + "POST /admin/plugins/<name>/<version>/withdraw\n");
            }
        } catch (PublishRefusedException e) {
            System.out.println("Salus hub plugins: refused " + e.jar() + ": " + e.getMessage());
            json(exchange, e.status(), "{\"error\": \"" + e.code() + "\", \"jar\": \"" + esc(e.jar()) + "\""
                    + (e.entry() == null ? "" : ", \"entry\": \"" + esc(e.entry()) + "\"") + ", \"message\": \"" + esc(e.getMessage()) + "\"}\n");
        }
    }

    private static String list(List<PluginResource> plugins) {
        return plugins.isEmpty() ? "[]\n" : "[\n  " + String.join(",\n  ", plugins.stream().map(HubPluginRepository::entry).toList()) + "\n]\n";
    }

    private static String entry(PluginResource r) {
        return "{\"symbolicName\": \"" + esc(r.symbolicName()) + "\", \"version\": \"" + esc(r.version()) + "\", \"url\": \"/plugins/" + esc(r.url())
                + "\", \"size\": " + r.size() + ", \"sha256\": \"" + r.sha256() + "\"}";
    }

    private static String query(HttpExchange exchange, String key) {
        String q = exchange.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(key)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
