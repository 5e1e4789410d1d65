package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.e4.ui.internal.workbench.E4XMIResourceFactory;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.fragment.MModelFragments;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.op.OpEnvelope;
import org.salus.plugins.InstalledBundle;
import org.salus.plugins.PluginManager;
import org.salus.security.Session;
import org.salus.ui.app.session.PermissionTags;
import org.salus.ui.plugins.PluginsPart;

/**
 * The Plugins part through real SWT widgets: an administrator sees every bundle of the workstation with its version,
 * state and source; a user without {@code plugin.manage} is not shown the part and the plugin manager refuses them
 * anyway; a signed jar changed after signing, installed through the part, is refused with a message that names the jar,
 * and nothing changes.
 */
class PluginsPartTest {

    private static Clinic clinic;
    private static ExamplePlugin plugin;
    private static PluginManager manager;

    @BeforeAll
    static void workstationWithAPluginManager() throws Exception {
        clinic = Clinic.fresh("plugins-part");
        clinic.staff("nurse", "clinician", "manager", "admin"); // an administrator created retires the setup account: last
        plugin = ExamplePlugin.signedIn(clinic.folder.resolve("publisher"));
        manager = clinic.pluginManager(plugin.anchor);
    }

    @AfterAll
    static void logout() {
        clinic.logout();
    }

    @Test
    void anAdministratorSeesEveryBundleWithItsVersionStateAndSource() {
        Session admin = clinic.login("manager");
        try (Parts parts = new Parts("plugins-admin").session(admin)) {
            PluginsPart part = parts.open(PluginsPart.class);
            Ui.waitUntil("the installed bundles", () -> part.loadCount() > 0);
            Table table = Ui.in(parts.shell, "plugins.installed", Table.class);
            Bundle[] framework = Services.context().getBundles();
            assertEquals(framework.length, table.getItemCount(), "one row per bundle of the workstation");
            assertEquals(framework.length, part.bundles().size());

            Bundle core = FrameworkUtil.getBundle(PermissionDeniedException.class);
            TableItem row = row(table, core.getSymbolicName());
            assertEquals(core.getHeaders().get("Bundle-Name"), row.getText(0), "its name");
            for (TableItem item : table.getItems()) {
                assertFalse(item.getText(0).startsWith("%"), "names are shown localized, not as their key: " + item.getText(0) + " " + item.getText(1));
            }
            assertEquals(core.getVersion().toString(), row.getText(2), "its version");
            assertEquals("active", row.getText(3), "its state");
            assertEquals("product", row.getText(4), "where it came from");
            // a bundle that is installed but not started shows so
            for (Bundle b : framework) {
                if (b.getState() == Bundle.RESOLVED && b.getHeaders("").get("Fragment-Host") == null) {
                    assertEquals("resolved", row(table, b.getSymbolicName()).getText(3), b.getSymbolicName());
                }
            }
            assertTrue(part.bundles().stream().noneMatch(InstalledBundle::plugin), "no plugin is installed yet");
        }
    }

    @Test
    void aUserWithoutPluginManageIsNotShownThePartAndTheServiceRefusesThem() throws Exception {
        Session nurse = clinic.login("nurse");
        assertFalse(nurse.grants("plugin.manage"));
        MModelFragments fragment = fragmentOf(PluginsPart.class);
        MUIElement element = PermissionTags.tagged(fragment).stream().filter(e -> PluginsPart.ID.equals(e.getElementId())).findFirst()
                .orElseThrow(() -> new AssertionError("the Plugins part carries a permission tag"));
        assertEquals(List.of("plugin.manage"), PermissionTags.patterns(element));
        PermissionTags.applyTo(fragment, nurse);
        assertFalse(element.isToBeRendered(), "a clinician is not shown the Plugins part");
        PermissionTags.applyTo(fragment, clinic.login("manager"));
        assertTrue(element.isToBeRendered(), "an administrator is");

        // the service decides, whatever the screen shows
        nurse = clinic.login("nurse");
        Session asNurse = nurse;
        PermissionDeniedException list = assertThrows(PermissionDeniedException.class, () -> manager.list(asNurse.actor()));
        assertEquals("plugin.manage", list.permission());
        assertNotNull(list.auditOpId(), "the refusal is in the audit trail");
        PermissionDeniedException install = assertThrows(PermissionDeniedException.class, () -> manager.install(asNurse.actor(), plugin.signed));
        assertEquals("plugin.manage", install.permission());
        assertFalse(installed(ExamplePlugin.SYMBOLIC_NAME), "nothing was installed");
        assertEquals(List.of(), storedJars(), "nothing was kept");

        // the part opened for them anyway shows no bundle, only the refusal
        try (Parts parts = new Parts("plugins-nurse").session(nurse)) {
            PluginsPart part = parts.open(PluginsPart.class);
            Ui.waitUntil("the part to ask the plugin manager", () -> part.loadCount() > 0);
            assertEquals(0, Ui.in(parts.shell, "plugins.installed", Table.class).getItemCount(), "no bundle is listed");
            String message = Ui.in(parts.shell, "plugins.message", Label.class).getText();
            assertTrue(message.contains("plugin.manage") || message.toLowerCase().contains("may not"), message);
        }
    }

    @Test
    void aTamperedJarIsRefusedWithAMessageNamingTheJarAndNothingChanges() throws Exception {
        Path tampered = plugin.tampered("vaccination-register-changed.jar");
        Session admin = clinic.login("manager");
        try (Parts parts = new Parts("plugins-tampered").session(admin)) {
            PluginsPart part = parts.open(PluginsPart.class);
            Ui.waitUntil("the installed bundles", () -> part.loadCount() > 0);
            List<String> before = names(part.bundles());
            int loads = part.loadCount();

            part.installFile(tampered, false);
            Label message = Ui.in(parts.shell, "plugins.message", Label.class);
            Ui.waitUntil("the refusal", () -> part.loadCount() > loads && !message.getText().endsWith("..."));
            String said = message.getText();
            assertTrue(said.contains(tampered.getFileName().toString()), "the message names the jar: " + said);
            assertTrue(said.contains("was changed after it was signed"), said);
            assertTrue(said.contains("VaccinationPart.class"), "and the entry that was changed: " + said);

            assertFalse(installed(ExamplePlugin.SYMBOLIC_NAME), "the plugin is not installed");
            assertEquals(before, names(part.bundles()), "the bundles are as they were");
            assertEquals(List.of(), storedJars(), "no copy of the jar is kept");
            List<OpEnvelope> refused = clinic.operations().stream()
                    .filter(o -> o.opType().equals("audit.plugin.install") && o.entityId().equals(tampered.getFileName().toString())).toList();
            assertEquals(1, refused.size(), "the refused install is in the audit trail");
            assertTrue(refused.get(0).payload().contains("\"outcome\":\"REFUSED\"") && refused.get(0).payload().contains("TAMPERED"),
                    refused.get(0).payload());
        }
    }

    private static TableItem row(Table table, String symbolicName) {
        for (TableItem item : table.getItems()) {
            if (symbolicName.equals(item.getText(1))) {
                return item;
            }
        }
        throw new AssertionError("no row for " + symbolicName);
    }

    private static List<String> names(List<InstalledBundle> bundles) {
        return bundles.stream().map(b -> b.symbolicName() + " " + b.version() + " " + b.state()).toList();
    }

    private static boolean installed(String symbolicName) {
        return Stream.of(Services.context().getBundles()).anyMatch(b -> symbolicName.equals(b.getSymbolicName()));
    }

    /** The jars the plugin manager keeps in this clinic's plugin folder. */
    private static List<Path> storedJars() throws Exception {
        Path jars = clinic.folder.resolve("plugins").resolve("jars");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(jars)) {
            try (Stream<Path> s = Files.list(jars)) {
                s.forEach(found::add);
            }
        }
        return found;
    }

    private static MModelFragments fragmentOf(Class<?> partClass) {
        URL url = FrameworkUtil.getBundle(partClass).getEntry("fragment.e4xmi");
        ResourceSetImpl rs = new ResourceSetImpl();
        rs.getResourceFactoryRegistry().getExtensionToFactoryMap().put("e4xmi", new E4XMIResourceFactory());
        Resource r = rs.getResource(URI.createURI(url.toString()), true);
        return (MModelFragments) r.getContents().get(0);
    }
}
