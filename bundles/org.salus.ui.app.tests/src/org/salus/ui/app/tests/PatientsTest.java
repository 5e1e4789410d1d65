package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Optional;

import org.eclipse.e4.ui.internal.workbench.E4XMIResourceFactory;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.menu.MMenu;
import org.eclipse.e4.ui.model.application.ui.menu.MMenuItem;
import org.eclipse.e4.ui.model.fragment.MModelFragments;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.salus.model.clinical.Encounter;
import org.salus.model.clinical.Observation;
import org.salus.model.clinical.OrderStatus;
import org.salus.security.Session;
import org.salus.ui.app.session.PermissionTags;
import org.salus.ui.login.LoginDialog;
import org.salus.ui.patients.DiscontinueDialog;
import org.salus.ui.patients.EncounterDialog;
import org.salus.ui.patients.LineDiff.Kind;
import org.salus.ui.patients.NoteDialog;
import org.salus.ui.patients.ObservationDialog;
import org.salus.ui.patients.OrderDialog;
import org.salus.ui.patients.PatientDialog;
import org.salus.ui.patients.PatientView;
import org.salus.ui.patients.PatientsPart;
import org.salus.ui.patients.RegisterPatientDialog;
import org.salus.ui.patients.handlers.EncounterHandler;
import org.salus.ui.patients.handlers.RegisterPatientHandler;

/**
 * The patient screens through real SWT widgets: a clinician who signed in registers a patient in the dialog, finds
 * them, and records an encounter, observations, a medication order and a note with a revision; the front desk sees
 * registration only; a pharmacist sees no patient screen, and the core refuses patient reads to them anyway.
 */
class PatientsTest {

    private static Clinic clinic;
    private static String medicineId;

    @BeforeAll
    static void clinicWithStaffAndAMedicine() throws Exception {
        clinic = Clinic.fresh("patients");
        clinic.staff("clinician", "clinician", "desk", "front-desk", "pharmacist", "pharmacist");
        Session pharmacist = clinic.login("pharmacist");
        medicineId = clinic.commands.registerMedicine(pharmacist.actor(), "09506000134352", "paracetamol", "tablet", "500", "mg", 100, false)
                .createdId("Medicine");
        clinic.logout();
    }

    @AfterAll
    static void logout() {
        clinic.logout();
    }

    @Test
    void aClinicianRegistersFindsAndRecordsThroughTheScreens() {
        Session clinician = logInThroughTheDialog("clinician");
        try (Parts parts = new Parts("patients-clinician").session(clinician)) {
            PatientsPart part = parts.open(PatientsPart.class);
            PatientView view = part.view();
            assertTrue(Ui.showing(Ui.in(parts.shell, "patients.register", Button.class)));
            assertEquals("No patient selected", Ui.in(parts.shell, "patient.name", Label.class).getText());

            // the service refuses a registration without a given name, in plain words, and the dialog stays open
            RegisterPatientDialog register = part.openRegister();
            assertNotNull(register);
            Ui.find("register.identifier", Text.class).setText("MRN-T-0001");
            Ui.find("register.familyName", Text.class).setText("Okafor");
            Ui.find("register.birthDate", Text.class).setText("1984-03-27");
            Ui.click(Ui.find("register.ok", Button.class));
            Ui.waitUntil("the refusal", () -> !register.problem().isEmpty());
            assertTrue(register.problem().startsWith("Please check the given name"), register.problem());
            assertFalse(register.getShell().isDisposed(), "the dialog stays open to correct it");

            Ui.find("register.givenName", Text.class).setText("Amara");
            Combo sex = Ui.find("register.sex", Combo.class);
            sex.select(0);
            Ui.find("register.phone", Text.class).setText("+234 803 555 0101");
            int loads = view.loadCount();
            Ui.click(Ui.find("register.ok", Button.class));
            Ui.waitUntil("the registration", () -> closed(register));
            assertEquals("Registered Okafor, Amara (record number MRN-T-0001).", register.result());
            assertEquals(register.result(), part.message());

            // the part finds the new patient and shows their record
            Ui.waitUntil("the new patient's record", () -> view.loadCount() > loads && view.patient() != null);
            Ui.waitUntil("the search for the record number", () -> part.shownPatients().size() == 1);
            Table results = Ui.in(parts.shell, "patients.results", Table.class);
            assertEquals(1, results.getItemCount());
            assertEquals("MRN-T-0001", results.getItem(0).getText(0));
            assertEquals("Okafor, Amara", results.getItem(0).getText(1));
            assertEquals("1984-03-27", results.getItem(0).getText(2));
            assertEquals("female", results.getItem(0).getText(3));
            assertEquals("Okafor, Amara", Ui.in(parts.shell, "patient.name", Label.class).getText());
            String details = Ui.in(parts.shell, "patient.details", Label.class).getText();
            assertTrue(details.startsWith("Record number MRN-T-0001   |   born 1984-03-27 ("), details);
            assertTrue(Ui.in(parts.shell, "patient.contact", Label.class).getText().startsWith("Phone +234 803 555 0101"));

            // a search by the start of the family name, any case
            int searches = part.searchCount();
            part.search("oka");
            Ui.waitUntil("the search by name", () -> part.searchCount() > searches);
            assertEquals(List.of("MRN-T-0001"), part.shownPatients().stream().map(p -> p.getIdentifier()).toList());
            int none = part.searchCount();
            part.search("zz-nobody");
            Ui.waitUntil("an empty search", () -> part.searchCount() > none);
            assertEquals(0, results.getItemCount());
            assertEquals("No patient's record number or name starts with \"zz-nobody\".", part.message());

            // an encounter
            EncounterDialog encounter = part.openEncounter();
            Ui.find("encounter.reason", Text.class).setText("cough for three days");
            record(view, encounter, "encounter.ok");
            assertEquals("Opened an encounter (outpatient) for Okafor, Amara.", encounter.result());
            assertEquals(1, view.encounters().size());
            Encounter visit = view.encounters().get(0);
            Table encounters = Ui.in(parts.shell, "patient.encounters", Table.class);
            assertEquals("outpatient", encounters.getItem(0).getText(1));
            assertEquals("cough for three days", encounters.getItem(0).getText(2));
            assertEquals("open", encounters.getItem(0).getText(3));

            // two observations: the timeline shows the newest first, within the encounter chosen by default
            ObservationDialog weight = part.openObservation();
            Ui.find("observation.code", Combo.class).setText("body-weight");
            assertEquals("kg", Ui.find("observation.unit", Text.class).getText(), "a common observation suggests its unit");
            Ui.find("observation.value", Text.class).setText("72.5");
            record(view, weight, "observation.ok");
            ObservationDialog temperature = part.openObservation();
            Ui.find("observation.code", Combo.class).setText("body-temperature");
            Ui.find("observation.value", Text.class).setText("38.2");
            record(view, temperature, "observation.ok");
            assertEquals("Recorded body-temperature 38.2 °C for Okafor, Amara.", temperature.result());
            List<Observation> timeline = view.observations();
            assertEquals(List.of("body-temperature", "body-weight"), timeline.stream().map(Observation::getCode).toList(), "newest first");
            assertTrue(timeline.stream().allMatch(o -> visit.getId().equals(o.getEncounterId())), "recorded within the open encounter");
            Table observations = Ui.in(parts.shell, "patient.observations", Table.class);
            assertEquals(2, observations.getItemCount());
            assertEquals("body-temperature", observations.getItem(0).getText(1));
            assertEquals("38.2", observations.getItem(0).getText(2));
            assertEquals("°C", observations.getItem(0).getText(3));
            assertEquals("72.5", observations.getItem(1).getText(2));

            // a medication order, then stopped; the order dialog chooses no medicine by itself
            OrderDialog order = part.openOrder();
            Ui.waitUntil("the medicines of the order dialog", order::ready);
            assertEquals("Choose the medicine...", Ui.find("order.medicine", Combo.class).getText());
            Ui.click(Ui.find("order.ok", Button.class));
            assertEquals("Choose the medicine to order.", order.problem());
            assertTrue(order.choose(medicineId));
            Ui.find("order.dose", Text.class).setText("1 g");
            Ui.find("order.frequency", Text.class).setText("4 times a day for 3 days");
            record(view, order, "order.ok");
            assertEquals(1, view.orders().size());
            Table orders = Ui.in(parts.shell, "patient.orders", Table.class);
            assertEquals("paracetamol 500 mg tablet", orders.getItem(0).getText(1));
            assertEquals("active", orders.getItem(0).getText(5));
            Button discontinue = Ui.in(parts.shell, "patient.discontinue", Button.class);
            assertFalse(discontinue.isEnabled(), "nothing selected to stop");
            assertTrue(view.selectOrder(view.orders().get(0).order().getId()));
            assertTrue(discontinue.isEnabled());
            DiscontinueDialog stop = part.openDiscontinue();
            Ui.find("discontinue.reason", Text.class).setText("fever gone");
            record(view, stop, "discontinue.ok");
            assertEquals(OrderStatus.DISCONTINUED, view.orders().get(0).order().getStatus());
            assertTrue(orders.getItem(0).getText(5).startsWith("stopped ") && orders.getItem(0).getText(5).endsWith(": fever gone"),
                    orders.getItem(0).getText(5));

            // a note, revised, and its two revisions compared side by side
            NoteDialog note = part.openWriteNote();
            Ui.find("note.title", Text.class).setText("Consultation");
            Ui.find("note.text", Text.class).setText("S: cough for 3 days\nO: T 38.2, chest clear\nP: paracetamol, fluids");
            record(view, note, "note.ok");
            assertEquals(1, view.notes().size());
            assertTrue(view.selectNote(view.notes().get(0).getId()));
            Ui.waitUntil("the note's revisions", () -> view.revisions().size() == 1);
            assertEquals("S: cough for 3 days\nO: T 38.2, chest clear\nP: paracetamol, fluids", view.compareText(true));

            NoteDialog revise = part.openReviseNote();
            Text text = Ui.find("revise.text", Text.class);
            assertEquals("S: cough for 3 days\nO: T 38.2, chest clear\nP: paracetamol, fluids", text.getText(), "a revision starts from the current text");
            text.setText("S: cough for 3 days\nO: T 37.1, chest clear\nP: paracetamol, fluids\nP: review in one week");
            int before = view.revisionLoadCount();
            record(view, revise, "revise.ok");
            assertEquals("Saved revision 2 of \"Consultation\" for Okafor, Amara.", revise.result());
            Ui.waitUntil("both revisions", () -> view.revisionLoadCount() > before && view.revisions().size() == 2);
            assertEquals(List.of(Kind.SAME, Kind.CHANGED, Kind.SAME, Kind.ADDED), view.comparedRows().stream().map(r -> r.kind()).toList());
            assertTrue(view.compareHeading(true).startsWith("Revision 1, "), view.compareHeading(true));
            assertTrue(view.compareHeading(false).startsWith("Revision 2, "), view.compareHeading(false));
            assertTrue(view.compareHeading(false).endsWith("by Clinician Tester (you)"), view.compareHeading(false));
            assertEquals("", view.compareMark(true, 0));
            assertEquals("changed", view.compareMark(true, 1));
            assertEquals("changed", view.compareMark(false, 1));
            assertEquals("", view.compareMark(true, 3), "nothing across from an added line");
            assertEquals("added", view.compareMark(false, 3));
            assertEquals("S: cough for 3 days\nO: T 38.2, chest clear\nP: paracetamol, fluids\n", view.compareText(true),
                    "an empty line across from the added one keeps the panes aligned");
            assertTrue(view.compareSummary().startsWith("From revision 1 to 2: 1 line changed (yellow), 0 lines removed (red), 1 line added"),
                    view.compareSummary());

            // one revision alone
            view.selectRevisions(1);
            assertEquals("", view.compareText(false));
            assertEquals("Select a second revision of this note to compare the two.", view.compareSummary());
        }
    }

    @Test
    void theFrontDeskRegistersButSeesNoClinicalAction() {
        Session desk = clinic.login("desk");
        String id = clinic.commands.registerPatient(desk.actor(), "MRN-D-0001", "Tomas", "Lindqvist", null, null).createdId("Patient");
        assertTrue(new RegisterPatientHandler().canExecute(desk));
        assertFalse(new EncounterHandler().canExecute(desk));
        try (Parts parts = new Parts("patients-front-desk").session(desk)) {
            PatientsPart part = parts.open(PatientsPart.class);
            assertTrue(Ui.showing(Ui.in(parts.shell, "patients.register", Button.class)));
            for (String clinical : List.of("patient.openEncounter", "patient.recordObservation", "patient.order", "patient.discontinue",
                    "patient.writeNote", "patient.reviseNote")) {
                assertFalse(Ui.in(parts.shell, clinical, Button.class).getVisible(), clinical + " is hidden from the front desk");
            }
            assertTrue(Ui.in(parts.shell, "patient.demographics", Button.class).getVisible());
            assertNull(part.openEncounter(), "no encounter without a patient shown");
            int searches = part.searchCount();
            part.search("lindq");
            Ui.waitUntil("the front desk's search", () -> part.searchCount() > searches);
            assertEquals(List.of(id), part.shownPatients().stream().map(p -> p.getId()).toList(), "the front desk finds patients");
            assertTrue(part.select(id));
            Ui.waitUntil("the record", () -> part.view().patient() != null);
            assertEquals("Record number MRN-D-0001   |   born unknown   |   unknown", Ui.in(parts.shell, "patient.details", Label.class).getText());
            assertNull(part.openEncounter());
            assertEquals("Your roles do not allow opening encounters.", part.message());
        }
    }

    @Test
    void aPharmacistSeesNoPatientScreenAndIsRefusedPatientReads() throws Exception {
        MModelFragments model = fragment();
        MPart part = find(model, MPart.class, PatientsPart.ID);
        MMenu menu = find(model, MMenu.class, "org.salus.ui.patients.menu");
        MMenuItem encounterItem = find(model, MMenuItem.class, "org.salus.ui.patients.menuitem.encounter");
        assertEquals(List.of("patient.read"), PermissionTags.patterns(part));

        Session pharmacist = clinic.login("pharmacist");
        PermissionTags.applyTo(model, pharmacist);
        assertFalse(part.isToBeRendered(), "pharmacist: no Patients part");
        assertFalse(menu.isVisible(), "pharmacist: no Patients menu");

        Session desk = clinic.login("desk");
        PermissionTags.applyTo(model, desk);
        assertTrue(part.isToBeRendered(), "front desk: the Patients part");
        assertFalse(encounterItem.isVisible(), "front desk: no Open encounter");

        Session clinician = clinic.login("clinician");
        PermissionTags.applyTo(model, clinician);
        assertTrue(part.isToBeRendered());
        assertTrue(encounterItem.isVisible());

        // a part opened for a pharmacist all the same: the core refuses the read, and the screen says so plainly
        pharmacist = clinic.login("pharmacist");
        try (Parts parts = new Parts("patients-pharmacist").session(pharmacist)) {
            PatientsPart patients = parts.open(PatientsPart.class);
            assertFalse(Ui.in(parts.shell, "patients.register", Button.class).getVisible());
            int searches = patients.searchCount();
            patients.search("MRN");
            Ui.waitUntil("the refused search", () -> patients.searchCount() > searches);
            assertTrue(patients.shownPatients().isEmpty());
            assertEquals(0, Ui.in(parts.shell, "patients.results", Table.class).getItemCount());
            assertTrue(patients.message().startsWith("You may not do this: reading patient records is not part of your roles."),
                    patients.message());
            assertFalse(patients.message().contains("Exception"), "no stack trace, no class names");
        }
    }

    private static void record(PatientView view, PatientDialog dialog, String okId) {
        assertNotNull(dialog);
        int loads = view.loadCount();
        Ui.click(Ui.find(okId, Button.class));
        Ui.waitUntil(dialog.getShell().getText(), () -> closed(dialog) || !dialog.problem().isEmpty());
        assertEquals("", dialog.problem(), "the service refused: " + dialog.problem());
        assertNotNull(dialog.result());
        Ui.waitUntil("the record after " + okId, () -> view.loadCount() > loads);
    }

    private static boolean closed(PatientDialog d) {
        return d.getShell() == null || d.getShell().isDisposed();
    }

    private static Session logInThroughTheDialog(String user) {
        clinic.logout();
        LoginDialog dialog = new LoginDialog(null, clinic.auth, LoginDialog.Mode.SIGN_IN, null, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        Text name = Ui.in(dialog.getShell(), "login.user", Text.class);
        Ui.waitUntil("the login to be ready", name::isEnabled);
        name.setText(user);
        Ui.in(dialog.getShell(), "login.password", Text.class).setText(Clinic.PASSWORD);
        Ui.click(Ui.in(dialog.getShell(), "login.submit", Button.class));
        Ui.waitUntil("the login of " + user, () -> dialog.getShell() == null || dialog.getShell().isDisposed());
        Optional<Session> s = dialog.session();
        return s.orElseThrow(() -> new AssertionError(user + " was not logged in"));
    }

    private static MModelFragments fragment() {
        URL url = FrameworkUtil.getBundle(PatientsPart.class).getEntry("fragment.e4xmi");
        ResourceSetImpl rs = new ResourceSetImpl();
        rs.getResourceFactoryRegistry().getExtensionToFactoryMap().put("e4xmi", new E4XMIResourceFactory());
        Resource r = rs.getResource(URI.createURI(url.toString()), true);
        return (MModelFragments) r.getContents().get(0);
    }

    private static <T extends MUIElement> T find(MModelFragments model, Class<T> type, String id) {
        for (MUIElement e : PermissionTags.tagged(model)) {
            if (type.isInstance(e) && id.equals(e.getElementId())) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no tagged " + type.getSimpleName() + " " + id + " in the fragment");
    }
}
