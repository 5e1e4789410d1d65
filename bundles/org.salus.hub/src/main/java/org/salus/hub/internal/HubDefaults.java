package org.salus.hub.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Gives a fresh hub its settings files: when the hub deploys from a folder ({@code felix.fileinstall.dir},
 * {@code load/}) that lacks them, it writes {@code org.salus.store.h2.hub.cfg} (the hub log in {@code data/hub-log}),
 * {@code org.salus.hub.broker.cfg} (the embedded broker on port 1883) and {@code org.salus.hub.http.cfg} (health,
 * metrics, enrolment and administration on port 8180). These components start only once they are configured: the H2 bundle also runs on workstations, and a broker must never first try a port the operator has
 * moved it from. This puts each configuration where an operator sees and edits it. An existing file is never touched.
 */
@Component(name = "org.salus.hub.defaults", immediate = true, service = {})
public class HubDefaults {

    /** One settings file the hub writes when it is missing. */
    record Defaults(String pid, String text, String what) {
    }

    static final Defaults HUB_LOG = new Defaults("org.salus.store.h2.hub",
            "# The hub log: every clinic's operations (written once by the hub; edit freely).\npath=data/hub-log\n",
            "hub log in data/hub-log");
    static final Defaults BROKER = new Defaults("org.salus.hub.broker",
            "# The embedded MQTT 5 broker (written once by the hub; edit freely, the broker restarts on a change).\n"
                    + "# Another program on port 1883? Set a free port here, and the same port on the workstations.\n"
                    + "host=0.0.0.0\nport=1883\ndataDir=data/broker\n",
            "embedded broker on port 1883");
    static final Defaults HTTP = new Defaults("org.salus.hub.http",
            "# The hub's HTTP endpoints: /health, /metrics (Prometheus), /devices, /enrol for new devices, and /admin, which\n"
                    + "# answers this machine only (written once by the hub; edit freely). host=127.0.0.1 keeps them all on this machine.\n"
                    + "host=0.0.0.0\nport=8180\n",
            "HTTP endpoints on port 8180");
    static final List<Defaults> ALL = List.of(HUB_LOG, BROKER, HTTP);

    @Activate
    public HubDefaults(BundleContext context) {
        String dir = context.getProperty("felix.fileinstall.dir");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path load = Path.of(dir.split(",")[0].trim());
        for (Defaults d : ALL) {
            try {
                if (writeIfMissing(load, d)) {
                    System.out.println("Salus hub wrote " + load.resolve(d.pid() + ".cfg") + " (" + d.what() + ")");
                }
            } catch (IOException e) {
                System.out.println("Salus hub could not write " + load.resolve(d.pid() + ".cfg") + ": " + e.getMessage()
                        + "; write it by hand:\n" + d.text());
            }
        }
    }

    /** @return whether the file was written */
    static boolean writeIfMissing(Path loadDir, Defaults d) throws IOException {
        Path cfg = loadDir.resolve(d.pid() + ".cfg");
        if (Files.exists(cfg)) {
            return false;
        }
        Files.createDirectories(loadDir);
        // outside the watched folder, then renamed: FileInstall never reads half a file
        Path staged = loadDir.resolveSibling(d.pid() + ".cfg.part");
        Files.writeString(staged, d.text(), StandardCharsets.UTF_8);
        try {
            Files.move(staged, cfg, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(staged);
            if (Files.exists(cfg)) {
                return false;
            }
            throw e;
        }
        return true;
    }
}
