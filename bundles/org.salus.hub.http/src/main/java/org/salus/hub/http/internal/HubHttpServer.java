package org.salus.hub.http.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The hub's HTTP server: the JDK's own, small and quick to start. Any {@link HttpHandler} service with the property
 * {@value #CONTEXT} (a path such as {@code /metrics}) is served under that path, and stops being served when the
 * service goes: a bundle brings its endpoints and takes them away again. The longest matching path wins.
 */
@Component(name = HttpConfig.PID, configurationPid = HttpConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {})
@Designate(ocd = HttpConfig.class)
public class HubHttpServer {

    /** The service property that names the path a handler serves. */
    public static final String CONTEXT = "salus.http.context";

    private final Map<String, HttpHandler> handlers = new ConcurrentSkipListMap<>();
    private HttpServer server;
    private ExecutorService workers;

    @Activate
    void activate(BundleContext context, HttpConfig config) throws IOException {
        String where = whereToChange(context.getProperty("felix.fileinstall.dir"));
        if (config.port() < 1 || config.port() > 65535) {
            throw fail("Salus hub HTTP cannot start: port=" + config.port() + " is not a port (1 to 65535). Set port=<free port> in " + where + ".");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 50);
        } catch (BindException e) {
            throw fail("Salus hub HTTP cannot listen on " + config.host() + ":" + config.port() + ": the port is in use by another program ("
                    + e.getMessage() + "). Set port=<free port> in " + where + ".");
        } catch (IOException e) {
            throw fail("Salus hub HTTP cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage() + ". Check host and port in "
                    + where + ".");
        }
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(Math.max(1, config.threads()), r -> {
            Thread t = new Thread(r, "salus-hub-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::dispatch);
        server.start();
        System.out.println("Salus hub HTTP listening on http://" + config.host() + ":" + server.getAddress().getPort()
                + " (/health, /metrics, /devices, /enrol; /admin from this machine only)");
    }

    private static IOException fail(String message) {
        System.err.println(message);
        return new IOException(message);
    }

    static String whereToChange(String fileInstallDir) {
        String dir = fileInstallDir == null || fileInstallDir.isBlank() ? "load" : fileInstallDir.split(",")[0].trim();
        return (dir.endsWith("/") ? dir : dir + "/") + HttpConfig.PID + ".cfg";
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + CONTEXT + "=*)")
    void addHandler(HttpHandler handler, Map<String, Object> properties) {
        handlers.put(path(properties), handler);
    }

    void removeHandler(HttpHandler handler, Map<String, Object> properties) {
        handlers.remove(path(properties), handler);
    }

    static String path(Map<String, Object> properties) {
        String p = String.valueOf(properties.get(CONTEXT)).trim();
        p = p.startsWith("/") ? p : "/" + p;
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** The handler of the longest registered path that is the request's path or a parent of it. */
    static <H> H find(Map<String, H> handlers, String requestPath) {
        String best = null;
        for (String p : handlers.keySet()) {
            boolean matches = p.equals("/") || requestPath.equals(p) || requestPath.startsWith(p + "/");
            if (matches && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best == null ? null : handlers.get(best);
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            HttpHandler handler = find(handlers, exchange.getRequestURI().getPath());
            if (handler == null) {
                Responses.text(exchange, 404, "Nothing here. Served: " + String.join(", ", handlers.keySet()) + "\n");
                return;
            }
            try {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                // the endpoint failed before answering: say so rather than drop the connection
                Responses.text(exchange, 500, "The endpoint failed: " + e + "\n");
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.stop(0);
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
