package org.salus.hub.internal.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Gives a fresh hub its hub log: when the hub deploys from a folder ({@code felix.fileinstall.dir}, {@code load/})
 * and that folder has no {@code org.salus.store.h2.hub.cfg}, it writes one with {@code path=data/hub-log}. The H2
 * bundle also runs on workstations, so its hub log opens only when configured; this puts the configuration where an
 * operator sees and edits it. An existing file is never touched.
 */
@Component(name = "org.salus.hub.sync.defaults", immediate = true, service = {})
public class HubLogDefaults {

    static final String HUB_LOG_PID = "org.salus.store.h2.hub";
    static final String DEFAULT = "# The hub log: every clinic's operations (written once by the hub; edit freely).\npath=data/hub-log\n";

    @Activate
    public HubLogDefaults(BundleContext context) {
        String dir = context.getProperty("felix.fileinstall.dir");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            if (writeIfMissing(Path.of(dir.split(",")[0].trim()))) {
                System.out.println("Salus hub wrote " + dir.split(",")[0].trim() + "/" + HUB_LOG_PID + ".cfg (hub log in data/hub-log)");
            }
        } catch (IOException e) {
            System.out.println("Salus hub could not write " + dir + "/" + HUB_LOG_PID + ".cfg: " + e.getMessage()
                    + "; configure the hub log there by hand (path=data/hub-log)");
        }
    }

    /** @return whether the file was written */
    static boolean writeIfMissing(Path loadDir) throws IOException {
        Path cfg = loadDir.resolve(HUB_LOG_PID + ".cfg");
        if (Files.exists(cfg)) {
            return false;
        }
        Files.createDirectories(loadDir);
        // outside the watched folder, then renamed: FileInstall never reads half a file
        Path staged = loadDir.resolveSibling(HUB_LOG_PID + ".cfg.part");
        Files.writeString(staged, DEFAULT, StandardCharsets.UTF_8);
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
