import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * salus-hub-admin: administers the Salus hub running on this machine (devices and plugins), through its /admin endpoints (which answer
 * this machine only). Run from the hub's folder, it reads the port from load/org.salus.hub.http.cfg.
 */
public final class HubAdmin {

    private static final String USAGE = """
            usage: salus-hub-admin [--port N] COMMAND
              devices              the enrolled devices
              pending              the devices waiting to join
              pair CLINIC          a one-time pairing code for a new device of CLINIC (valid 5 minutes)
              approve REQUEST      let the device of a waiting request join
              deny REQUEST         turn a waiting request away
              revoke DEVICE        the device's secret no longer signs it in
              plugins              the plugins the hub serves to its clinics
              publish-plugin JAR   check a signed plugin jar against the hub's trust anchors and serve it
              withdraw-plugin NAME VERSION   stop serving one version of a plugin
            """;

    public static void main(String[] args) throws Exception {
        int port = configuredPort();
        int i = 0;
        if (args.length >= 2 && args[0].equals("--port")) {
            port = Integer.parseInt(args[1]);
            i = 2;
        }
        if (args.length <= i) {
            System.err.print(USAGE);
            System.exit(2);
        }
        String command = args[i];
        String arg = args.length > i + 1 ? args[i + 1] : null;
        String base = "http://127.0.0.1:" + port;
        HttpRequest.Builder r = switch (command) {
            case "devices" -> get(base + "/admin/devices");
            case "pending" -> get(base + "/admin/enrolments");
            case "pair" -> post(base + "/admin/pairing?clinic=" + need(arg, "a clinic id"));
            case "approve" -> post(base + "/admin/enrolments/" + need(arg, "a request id") + "/approve");
            case "deny" -> post(base + "/admin/enrolments/" + need(arg, "a request id") + "/deny");
            case "revoke" -> post(base + "/admin/devices/" + need(arg, "a device id") + "/revoke");
            case "plugins" -> get(base + "/admin/plugins");
            case "publish-plugin" -> publish(base, Path.of(need(arg, "a plugin jar")));
            case "withdraw-plugin" -> post(base + "/admin/plugins/" + need(arg, "a plugin's symbolic name") + "/"
                    + need(args.length > i + 2 ? args[i + 2] : null, "a version") + "/withdraw");
            default -> {
                System.err.print(USAGE);
                System.exit(2);
                yield null;
            }
        };
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(r.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            System.err.println("salus-hub-admin: no hub answers on 127.0.0.1:" + port + ". Is it running here? (--port N, or run this in the "
                    + "hub's folder so that load/org.salus.hub.http.cfg is read)");
            System.exit(1);
            return;
        }
        String body = response.body();
        if (response.statusCode() / 100 != 2) {
            Matcher m = Pattern.compile("\"message\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
            System.err.println("salus-hub-admin: " + (m.find() ? m.group(1).replace("\\\"", "\"") : body.trim()));
            System.exit(1);
        }
        if (command.equals("pair")) {
            System.out.println("Pairing code for clinic " + field(body, "clinicId") + ": " + field(body, "code") + " (valid until "
                    + field(body, "expiresAt") + "). Type it on the new workstation.");
        } else if (command.equals("publish-plugin")) {
            System.out.println("Published " + field(body, "symbolicName") + " " + field(body, "version") + " (sha256 " + field(body, "sha256")
                    + "). Workstations find it in the hub's plugin repository, /plugins/.");
        } else {
            System.out.print(body);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": \"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    private static String need(String arg, String what) {
        if (arg == null || arg.isBlank()) {
            System.err.println("salus-hub-admin: this command needs " + what + "\n" + USAGE);
            System.exit(2);
        }
        return arg;
    }

    private static HttpRequest.Builder get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).GET();
    }

    private static HttpRequest.Builder publish(String base, Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            System.err.println("salus-hub-admin: " + jar + " is not a file");
            System.exit(2);
        }
        String name = URLEncoder.encode(jar.getFileName().toString(), StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(base + "/admin/plugins?name=" + name)).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar));
    }

    private static HttpRequest.Builder post(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.noBody());
    }

    private static int configuredPort() throws IOException {
        Path cfg = Path.of("load/org.salus.hub.http.cfg");
        if (Files.isRegularFile(cfg)) {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(cfg)) {
                p.load(in);
            }
            String port = p.getProperty("port");
            if (port != null && !port.isBlank()) {
                return Integer.parseInt(port.trim());
            }
        }
        return 8180;
    }
}
