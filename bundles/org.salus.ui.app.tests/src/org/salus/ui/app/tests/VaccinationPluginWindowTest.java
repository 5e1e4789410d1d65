package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.salus.core.op.OpEnvelope;
import org.salus.core.plugin.PluginRecords;
import org.salus.core.plugin.UnknownEntityTypeException;
import org.salus.core.store.ClinicStore;
import org.salus.model.clinical.Sex;
import org.salus.plugins.PluginManager;
import org.salus.security.RoleInfo;
import org.salus.security.Session;
import org.salus.ui.plugins.PluginsPart;

/**
 * The example third-party plugin installed into the running workstation window the way an administrator installs it:
 * the jar its own build makes, signed by its publisher, published to a real hub (the built hub jar, run as a process)
 * with {@code salus-hub-admin}, and installed from the hub's repository in the Plugins part by the plugin manager, which
 * checks the signature against the workstation's trust anchor. Its Vaccinations part appears in the window at once,
 * for the roles its tag names; its permission appears in the Plugins part, where the administrator grants it; a
 * clinician records a vaccination through the part into the clinic store; removing the plugin in the Plugins part takes
 * the part out of the window with no restart, and the vaccination stays in the store; installed again, from the signed
 * file this time, the plugin shows it again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VaccinationPluginWindowTest {

    private static Clinic clinic;
    private static ExamplePlugin plugin;
    private static Hub hub;
    private static PluginManager manager;
    private static PluginRecords records;
    private static Window window;
    private static Session admin;
    private static Session clinician;
    private static String patientId;

    @BeforeAll
    static void workstationWithTheExamplePluginSigned() throws Exception {
        clinic = Clinic.fresh("vaccination-plugin");
        clinic.staff("nurse", "clinician", "manager", "admin"); // an administrator created retires the setup account: last
        plugin = ExamplePlugin.signedIn(clinic.folder.resolve("publisher"));
        hub = Hub.start(clinic.folder.resolve("hub"), plugin.anchor);
        hub.publish(plugin.signed);
        manager = clinic.pluginManager(plugin.anchor, hub.repository());
        records = Services.await(PluginRecords.class);
        clinician = clinic.login("nurse");
        patientId = clinic.commands.registerPatient(clinician.actor(), "MRN-V-0001", "Grace", "Hopper", LocalDate.of(2020, 12, 9), Sex.FEMALE)
                .createdId("Patient");
        admin = clinic.login("manager");
        window = Window.open(admin);
    }

    @AfterAll
    static void close() throws Exception {
        // the test classes after this one run without the plugin
        if (bundle() != null) {
            manager.uninstall(clinic.login("manager").actor(), ExamplePlugin.SYMBOLIC_NAME);
            Ui.drain();
        }
        if (window != null) {
            window.close();
        }
        if (hub != null) {
            hub.close();
        }
        clinic.logout();
    }

    @Test
    @Order(1)
    void theAdministratorInstallsTheSignedPluginFromTheHubAndItsPartAppearsInTheWindow() throws Exception {
        assertNull(bundle(), "the example plugin is not part of the workstation");
        assertNull(window.part(ExamplePlugin.PART), "no Vaccinations part before the plugin");
        PluginsPart plugins = showPlugins();
        int before = plugins.bundles().size();

        // the hub's repository, as the workstation is configured with it
        assertEquals(hub.repository().toString(), Ui.in(window.shell(), "plugins.hub", Text.class).getText());
        Ui.click(Ui.in(window.shell(), "plugins.showHub", Button.class));
        Ui.waitUntil("the hub's plugins", () -> !message().endsWith("..."));
        assertEquals("The hub offers 1 plugin version(s).", message());
        String[] offered = row("plugins.offered", ExamplePlugin.SYMBOLIC_NAME);
        assertEquals(ExamplePlugin.VERSION, offered[1]);
        assertEquals("not installed", offered[3]);
        select("plugins.offered", 0, ExamplePlugin.SYMBOLIC_NAME);
        Button install = Ui.in(window.shell(), "plugins.installHub", Button.class);
        assertEquals("Install from hub", install.getText());
        Ui.click(install);
        Ui.waitUntil("the install to finish", () -> !message().endsWith("..."));
        assertTrue(message().endsWith("is installed and active."), message());
        Ui.waitUntil("the plugin in the list", () -> plugins.bundles().size() == before + 1);
        String[] row = row("plugins.installed", ExamplePlugin.SYMBOLIC_NAME);
        assertEquals(ExamplePlugin.VERSION, row[2], "its version");
        assertEquals("active", row[3], "its state");
        assertEquals("hub (" + hub.repository() + ")", row[4], "where it came from");
        assertEquals("installed", row("plugins.offered", ExamplePlugin.SYMBOLIC_NAME)[3], "the hub's list says it is here now");
        assertEquals(Bundle.ACTIVE, bundle().getState());

        // the part arrives at once; the administrator does not read patients, so it is not shown to them
        Ui.waitUntil("the Vaccinations part in the model", () -> window.part(ExamplePlugin.PART) != null);
        MPart part = window.part(ExamplePlugin.PART);
        assertTrue(window.stack().getChildren().contains(part), "a tab of the main part stack");
        assertEquals("Vaccinations", part.getLabel());
        assertFalse(part.isToBeRendered(), "the part needs patient.read, which the administrator lacks");

        // its permission: declared by the plugin, held by no role until the administrator grants it
        Ui.waitUntil("the plugin's permission in the Plugins part", () -> plugins.permissions().stream()
                .anyMatch(p -> p.permission().equals(ExamplePlugin.RECORD_PERMISSION)));
        String[] permission = row("plugins.permissions", ExamplePlugin.RECORD_PERMISSION);
        assertEquals(ExamplePlugin.TYPE, permission[1]);
        assertEquals("none yet", permission[2]);
        RoleInfo role = clinic.users.roles(admin.actor()).stream().filter(r -> r.id().equals("clinician")).findFirst().orElseThrow();
        Set<String> granted = new HashSet<>(role.permissions());
        granted.add(ExamplePlugin.RECORD_PERMISSION);
        clinic.users.saveRole(admin.actor(), role.id(), role.name(), role.description(), granted);
        int loads = plugins.loadCount();
        Ui.click(Ui.in(window.shell(), "plugins.refresh", Button.class));
        Ui.waitUntil("the list to load again", () -> plugins.loadCount() > loads);
        assertEquals("clinician", row("plugins.permissions", ExamplePlugin.RECORD_PERMISSION)[2], "the role that holds it now");
        select("plugins.installed", 1, ExamplePlugin.SYMBOLIC_NAME);
        Ui.screen(window.shell(), "workstation-plugins");

        assertTrue(installs("audit.plugin.install", "INSTALLED") == 1, "the install is in the audit trail");
    }

    @Test
    @Order(2)
    void aClinicianRecordsAVaccinationThroughThePluginsPartAndItIsStored() throws Exception {
        assertNotNull(bundle(), "runs after the install");
        clinician = clinic.login("nurse");
        window.session(clinician);
        assertTrue(window.part(ExamplePlugin.PART).isToBeRendered(), "the clinician reads patients: the Vaccinations part is shown");
        assertFalse(window.part(PluginsPart.ID).isToBeRendered(), "the clinician may not manage plugins: no Plugins part");
        Control pluginsWidget = (Control) window.part(PluginsPart.ID).getWidget();
        assertTrue(pluginsWidget == null || pluginsWidget.isDisposed(), "the Plugins part's widgets are gone");

        MPart part = window.show(ExamplePlugin.PART);
        assertEquals("org.example.salus.vaccination.ui.VaccinationPart", part.getObject().getClass().getName());
        Control root = (Control) part.getWidget();
        Ui.in(root, "patient", Text.class).setText(patientId);
        Ui.in(root, "code", Text.class).setText("J07BB02");
        Ui.in(root, "name", Text.class).setText("Influenza vaccine");
        Ui.in(root, "dose", Spinner.class).setSelection(1);
        Ui.in(root, "lot", Text.class).setText("LOT-UI-7");
        Ui.in(root, "givenBy", Text.class).setText("Nurse Tester");
        Ui.click(Ui.in(root, "record", Button.class));
        Label status = Ui.in(root, "status", Label.class);
        Ui.waitUntil("the vaccination to be recorded", () -> !status.getText().equals("…") && !status.getText().isEmpty());
        assertEquals("Recorded.", status.getText());
        Table table = Ui.in(root, "vaccinations", Table.class);
        assertEquals(1, table.getItemCount());
        assertEquals("Influenza vaccine", table.getItem(0).getText(1));
        assertEquals("J07BB02", table.getItem(0).getText(2));
        assertEquals("LOT-UI-7", table.getItem(0).getText(4));
        Ui.screen(window.shell(), "workstation-vaccinations");

        // stored: the core recorded it as the clinician's operation and projected it
        List<String> rows = vaccinationRows();
        assertEquals(1, rows.size(), "one vaccination in the store");
        assertTrue(rows.get(0).contains("LOT-UI-7") && rows.get(0).contains(patientId), rows.get(0));
        OpEnvelope op = ops().stream().filter(o -> o.entityType().equals(ExamplePlugin.TYPE)).findFirst().orElseThrow();
        assertEquals("vaccination.create", op.opType());
        assertEquals(clinician.userId(), op.userId());
        assertEquals(1, records.ofPatient(clinician.actor(), ExamplePlugin.TYPE, patientId).size());
    }

    @Test
    @Order(3)
    void removingThePluginInThePluginsPartTakesItsPartOutOfTheWindowAndKeepsItsData() throws Exception {
        assertEquals(1, vaccinationRows().size(), "runs after the vaccination was recorded");
        admin = clinic.login("manager");
        window.session(admin);
        PluginsPart plugins = showPlugins();
        Ui.waitUntil("the plugin in the list", () -> plugins.bundles().stream().anyMatch(b -> b.symbolicName().equals(ExamplePlugin.SYMBOLIC_NAME)));
        select("plugins.installed", 1, ExamplePlugin.SYMBOLIC_NAME);
        Ui.click(Ui.in(window.shell(), "plugins.uninstall", Button.class));
        Ui.waitUntil("the removal to finish", () -> !message().endsWith("..."));
        assertTrue(message().endsWith("is removed."), message());

        assertNull(bundle(), "the plugin's bundle is gone");
        Ui.waitUntil("the Vaccinations part to leave the model", () -> window.part(ExamplePlugin.PART) == null);
        assertTrue(window.stack().getChildren().stream().noneMatch(p -> ExamplePlugin.PART.equals(p.getElementId())), "no Vaccinations tab");
        assertNull(Ui.find(window.shell(), "vaccinations", Table.class), "none of its widgets in the window");
        assertNotNull(window.part(PluginsPart.ID), "the workstation's own parts stay");
        assertNotNull(window.part("org.salus.ui.stock.part"));
        Ui.waitUntil("the list without the plugin", () -> plugins.bundles().stream().noneMatch(b -> b.symbolicName().equals(ExamplePlugin.SYMBOLIC_NAME)));
        assertTrue(plugins.permissions().isEmpty(), "its permission leaves with it: " + plugins.permissions());

        // the data stays: the record and its operation, readable again once the plugin is back
        assertFalse(records.entityTypes().contains(ExamplePlugin.TYPE), "the core forgets the type");
        assertThrows(UnknownEntityTypeException.class, () -> records.ofPatient(clinic.login("nurse").actor(), ExamplePlugin.TYPE, patientId));
        List<String> rows = vaccinationRows();
        assertEquals(1, rows.size(), "the vaccination is still in the store");
        assertTrue(rows.get(0).contains("LOT-UI-7"));
        assertTrue(ops().stream().anyMatch(o -> o.opType().equals("vaccination.create")), "and its operation in the op log");
        assertEquals(1, installs("audit.plugin.uninstall", "UNINSTALLED"), "the removal is in the audit trail");
    }

    @Test
    @Order(4)
    void installedAgainFromTheSignedFileThePluginShowsTheVaccinationAgain() throws Exception {
        assertNull(bundle(), "runs after the removal");
        admin = clinic.login("manager");
        window.session(admin);
        PluginsPart plugins = showPlugins();
        // what choosing the jar in the file dialog does
        plugins.installFile(plugin.signed, false);
        Ui.waitUntil("the install to finish", () -> !message().endsWith("..."));
        assertTrue(message().endsWith("is installed and active."), message());
        Ui.waitUntil("the plugin in the list", () -> plugins.bundles().stream().anyMatch(b -> b.symbolicName().equals(ExamplePlugin.SYMBOLIC_NAME)));
        assertEquals("file (" + plugin.signed + ")", row("plugins.installed", ExamplePlugin.SYMBOLIC_NAME)[4], "the jar the administrator chose");
        Ui.waitUntil("the Vaccinations part back in the model", () -> window.part(ExamplePlugin.PART) != null);

        window.session(clinic.login("nurse"));
        MPart part = window.show(ExamplePlugin.PART);
        Control root = (Control) part.getWidget();
        Ui.in(root, "patient", Text.class).setText(patientId);
        Ui.click(Ui.in(root, "show", Button.class));
        Label status = Ui.in(root, "status", Label.class);
        Ui.waitUntil("the patient's vaccinations", () -> !status.getText().equals("…") && !status.getText().isEmpty());
        assertEquals("1 vaccination", status.getText());
        Table table = Ui.in(root, "vaccinations", Table.class);
        assertEquals("LOT-UI-7", table.getItem(0).getText(4), "the vaccination recorded before the removal");
        assertEquals(1, vaccinationRows().size(), "and no copy of it");
    }

    // ---- helpers ----

    private static PluginsPart showPlugins() {
        MPart part = window.show(PluginsPart.ID);
        PluginsPart plugins = (PluginsPart) part.getObject();
        Ui.waitUntil("the installed bundles", () -> plugins.loadCount() > 0 && !plugins.bundles().isEmpty());
        return plugins;
    }

    private static String message() {
        Label l = Ui.find(window.shell(), "plugins.message", Label.class);
        return l == null ? "" : l.getText();
    }

    /** The cells of the row of a table whose first or second column (a symbolic name, a permission) is {@code key}. */
    private static String[] row(String tableId, String key) {
        Table t = Ui.in(window.shell(), tableId, Table.class);
        for (TableItem item : t.getItems()) {
            if (key.equals(item.getText(0)) || key.equals(item.getText(1))) {
                String[] cells = new String[t.getColumnCount()];
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = item.getText(i);
                }
                return cells;
            }
        }
        throw new AssertionError("no row " + key + " in " + tableId);
    }

    /** Selects the row whose cell in {@code column} is {@code key}, as a click does. */
    private static void select(String tableId, int column, String key) {
        Table t = Ui.in(window.shell(), tableId, Table.class);
        for (int i = 0; i < t.getItemCount(); i++) {
            if (key.equals(t.getItem(i).getText(column))) {
                t.setSelection(i);
                t.showSelection();
                Event e = new Event();
                e.item = t.getItem(i);
                t.notifyListeners(SWT.Selection, e);
                return;
            }
        }
        throw new AssertionError("no row " + key + " in " + tableId);
    }

    private static Bundle bundle() {
        for (Bundle b : Services.context().getBundles()) {
            if (ExamplePlugin.SYMBOLIC_NAME.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** Each vaccination in the clinic store's entity table: its patient and its attributes. */
    private static List<String> vaccinationRows() throws Exception {
        return Services.await(ClinicStore.class).read(tx -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement ps = tx.connection().prepareStatement("SELECT patient_id, body FROM entity_record WHERE entity_type = ?")) {
                ps.setString(1, ExamplePlugin.TYPE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1) + " " + rs.getString(2));
                    }
                }
            }
            return found;
        });
    }

    private static List<OpEnvelope> ops() {
        return clinic.operations();
    }

    /** How many plugin acts of a type with an outcome the op log holds for the example plugin. */
    private static long installs(String opType, String outcome) throws Exception {
        return ops().stream().filter(o -> o.opType().equals(opType) && o.entityId().equals(ExamplePlugin.SYMBOLIC_NAME)
                && o.payload().contains("\"outcome\":\"" + outcome + "\"")).count();
    }
}
