package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.eclipse.e4.ui.internal.workbench.E4XMIResourceFactory;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.fragment.MModelFragments;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.salus.core.command.CommandResult;
import org.salus.core.command.UpdateDemographics;
import org.salus.core.conflict.ClinicConflicts;
import org.salus.core.conflict.ConflictState;
import org.salus.core.conflict.RegisterConflict;
import org.salus.core.op.Hlc;
import org.salus.core.op.HybridLogicalClock;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.core.op.UuidV7;
import org.salus.core.store.ClinicStore;
import org.salus.core.store.OpApplier;
import org.salus.model.clinical.Sex;
import org.salus.security.Session;
import org.salus.ui.app.session.PermissionTags;
import org.salus.ui.conflicts.ConflictsPart;
import org.salus.ui.conflicts.ResolveDialog;

/**
 * The conflicts screen through real SWT widgets: a patient's family name changed here and, while apart, on another
 * workstation whose operation then arrives as sync appends it; the clinician sees both values side by side and
 * resolves the conflict in the dialog, first with a value the core refuses, then with the right one.
 */
class ConflictsTest {

    static final String ELSEWHERE = "ws-front-desk-2";

    private static Clinic clinic;
    private static ClinicConflicts conflicts;
    private static String patientId;

    @BeforeAll
    static void aConflictArrivesFromAnotherWorkstation() throws Exception {
        clinic = Clinic.fresh("conflicts");
        clinic.staff("clinician", "clinician", "desk", "front-desk", "auditor", "auditor", "pharmacist", "pharmacist");
        conflicts = Services.await(ClinicConflicts.class);
        String desk = clinic.login("desk").userId();
        Session clinician = clinic.login("clinician");
        CommandResult registered = clinic.commands.registerPatient(clinician.actor(), "MRN-C-0007", "Amara", "Okafor",
                LocalDate.of(1984, 3, 27), Sex.FEMALE);
        patientId = registered.createdId("Patient");
        OpEnvelope register = registered.operations().get(0);
        clinic.commands.updateDemographics(clinician.actor(), UpdateDemographics.of(patientId).with("familyName", "Okafor-Ade"));

        // the other workstation changed the family name from the same registration, before it saw the change made here
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OpEnvelope elsewhere = new OpEnvelope(new UuidV7(at::toEpochMilli, new java.util.Random()).nextString(), register.clinicId(), ELSEWHERE, desk, "Patient", patientId,
                "patient.update", 1, new Hlc(at.toEpochMilli() + 1, 0, HybridLogicalClock.nodeOf(ELSEWHERE)).toString(), at, 1,
                "{\"base\":{\"familyName\":[\"" + register.opId() + "\"]},\"familyName\":\"Ade\"}", OpHashes.GENESIS, null, 0, null).sealed();
        ClinicStore store = Services.await(ClinicStore.class);
        OpApplier projector = projector();
        store.write(tx -> {
            assertTrue(tx.appendForeign(elsewhere, "this-workstation"));
            projector.apply(tx, elsewhere);
            return null;
        });
        clinic.logout();
    }

    @AfterAll
    static void logout() {
        clinic.logout();
    }

    @Test
    void theClinicianComparesBothChangesAndResolvesThemInTheDialog() throws Exception {
        Session clinician = clinic.login("clinician");
        RegisterConflict k = conflicts.open(clinician.actor()).get(0);
        try (Parts parts = new Parts("conflicts-clinician").session(clinician)) {
            ConflictsPart part = parts.open(ConflictsPart.class);
            Ui.waitUntil("the open conflict", () -> part.rows().size() == 1);
            Table table = Ui.in(parts.shell, "conflicts.table", Table.class);
            assertEquals(1, table.getItemCount());
            assertEquals("Patient " + k.right().value() + ", Amara (MRN-C-0007)", table.getItem(0).getText(0),
                    "the record as a person names it, with the value shown now");
            assertEquals("family name", table.getItem(0).getText(1));
            assertEquals(java.util.Set.of("Okafor-Ade", "Ade"), java.util.Set.of(k.left().value(), k.right().value()));
            assertEquals(k.left().value(), table.getItem(0).getText(2));
            assertEquals(k.right().value(), table.getItem(0).getText(4));
            // who changed each side, on which workstation: the desk elsewhere, the clinician here
            String here = k.left().deviceId().equals(ELSEWHERE) ? k.right().deviceId() : k.left().deviceId();
            assertEquals(java.util.Set.of("desk", "clinician"),
                    java.util.Set.of(table.getItem(0).getText(3).split(",")[0], table.getItem(0).getText(5).split(",")[0]));
            String deskSide = table.getItem(0).getText(3).startsWith("desk") ? table.getItem(0).getText(3) : table.getItem(0).getText(5);
            assertTrue(deskSide.endsWith(", on " + ELSEWHERE), deskSide);
            assertTrue(part.message().startsWith("1 open conflict."), part.message());
            screenshot(parts.shell, "workstation-conflicts.png");
            assertTrue(part.select(k.id()));
            String details = Ui.in(parts.shell, "conflicts.details", Label.class).getText();
            assertTrue(details.contains("on workstation " + here) && details.contains("on workstation " + ELSEWHERE), details);

            // a value the core refuses: the dialog shows why in plain words and stays open
            ResolveDialog dialog = part.openResolve();
            assertNotNull(dialog);
            Ui.click(Ui.find("resolve.merged", Button.class));
            Ui.find("resolve.right", Button.class).setSelection(false);
            Ui.find("resolve.value", Text.class).setText("   ");
            Ui.click(Ui.find("resolve.ok", Button.class));
            Ui.waitUntil("the refusal", () -> !dialog.problem().isEmpty());
            assertTrue(dialog.problem().startsWith("Please check the family name"), dialog.problem());
            assertFalse(dialog.getShell().isDisposed());
            assertEquals(ConflictState.OPEN, conflicts.conflict(clinician.actor(), k.id()).orElseThrow().state(), "nothing was resolved");

            // the right value, typed
            Ui.find("resolve.value", Text.class).setText("Okafor-Ade");
            int loads = part.loadCount();
            Ui.click(Ui.find("resolve.ok", Button.class));
            Ui.waitUntil("the resolution", () -> dialog.getShell() == null || dialog.getShell().isDisposed());
            assertTrue(dialog.result().startsWith("Resolved: family name of Patient"), dialog.result());
            Ui.waitUntil("the list read again", () -> part.loadCount() > loads && part.rows().isEmpty());
            assertTrue(part.message().startsWith("No open conflicts"), part.message());
        }
        RegisterConflict done = conflicts.conflict(clinician.actor(), k.id()).orElseThrow();
        assertEquals(ConflictState.RESOLVED, done.state());
        assertEquals("Okafor-Ade", done.resolution().value());
        assertEquals("clinician", done.resolution().userName());
        assertEquals("Okafor-Ade", clinic.queries.patient(clinician.actor(), patientId).orElseThrow().getFamilyName());
    }

    @Test
    void thePartIsHiddenFromRolesThatCannotResolveAndAPharmacistSeesNoPatientConflict() {
        MModelFragments model = fragment();
        MPart part = null;
        for (var e : PermissionTags.tagged(model)) {
            if (e instanceof MPart p && ConflictsPart.ID.equals(p.getElementId())) {
                part = p;
            }
        }
        assertNotNull(part, "the part is tagged with the permissions that resolve");
        PermissionTags.applyTo(model, clinic.login("auditor"));
        assertFalse(part.isToBeRendered(), "an auditor cannot change patients or medicines: no conflicts part");
        Session pharmacist = clinic.login("pharmacist");
        PermissionTags.applyTo(model, pharmacist);
        assertTrue(part.isToBeRendered(), "a pharmacist resolves medicines' conflicts");
        // the core itself leaves out the patients' conflicts for a user who may not read patients
        assertTrue(conflicts.open(pharmacist.actor()).isEmpty());
        try (Parts parts = new Parts("conflicts-pharmacist").session(pharmacist)) {
            ConflictsPart view = parts.open(ConflictsPart.class);
            Ui.waitUntil("the list", () -> view.loadCount() > 0);
            assertTrue(view.rows().isEmpty());
            assertNull(view.openResolve(), "nothing to resolve");
            assertEquals("Select a conflict first.", Ui.in(parts.shell, "conflicts.message", Label.class).getText());
        }
    }

    private static MModelFragments fragment() {
        URL url = FrameworkUtil.getBundle(ConflictsPart.class).getEntry("fragment.e4xmi");
        ResourceSetImpl rs = new ResourceSetImpl();
        rs.getResourceFactoryRegistry().getExtensionToFactoryMap().put("e4xmi", new E4XMIResourceFactory());
        Resource r = rs.getResource(URI.createURI(url.toString()), true);
        return (MModelFragments) r.getContents().get(0);
    }

    private static OpApplier projector() throws Exception {
        ServiceTracker<OpApplier, OpApplier> t = new ServiceTracker<>(Services.context(),
                Services.context().createFilter("(&(objectClass=" + OpApplier.class.getName() + ")(salus.projector=core))"), null);
        t.open();
        OpApplier p = t.waitForService(60_000);
        assertNotNull(p, "the core's projector");
        return p;
    }

    /** Saves what the shell shows, when SALUS_SCREENSHOT_DIR names a folder (for the documentation's images). */
    private static void screenshot(Shell shell, String name) throws Exception {
        String dir = System.getenv("SALUS_SCREENSHOT_DIR");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Ui.drain();
        Rectangle area = shell.getClientArea();
        org.eclipse.swt.graphics.Point origin = shell.toDisplay(0, 0);
        GC gc = new GC(shell.getDisplay());
        Image image = new Image(shell.getDisplay(), area.width, area.height);
        try {
            gc.copyArea(image, origin.x, origin.y);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] {image.getImageData()};
            Files.createDirectories(Path.of(dir));
            loader.save(Path.of(dir, name).toString(), SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
