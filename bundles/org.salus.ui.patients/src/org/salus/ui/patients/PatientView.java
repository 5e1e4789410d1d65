package org.salus.ui.patients;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;
import org.salus.core.access.Permissions;
import org.salus.core.command.Actor;
import org.salus.core.query.ClinicQueries;
import org.salus.model.clinical.Encounter;
import org.salus.model.clinical.MedicationOrder;
import org.salus.model.clinical.Note;
import org.salus.model.clinical.NoteRevision;
import org.salus.model.clinical.Observation;
import org.salus.model.clinical.OrderStatus;
import org.salus.model.clinical.Patient;
import org.salus.model.inventory.Medicine;
import org.salus.security.Session;
import org.salus.ui.app.errors.ErrorMessages;

/**
 * One patient's record: demographics at the top, then tabs for encounters, the observations timeline (newest first),
 * medication orders with their state, and notes with their revisions and a side-by-side compare of two of them.
 * Everything is read in a job as the signed-in user.
 */
public class PatientView {

    /** A medication order and the name of its medicine. */
    public record OrderRow(MedicationOrder order, String medicine) {
    }

    /** A note and the text of its current revision (null until its revisions are read). */
    public record NoteState(Note note, String currentText) {
    }

    private record Record(Patient patient, List<Encounter> encounters, List<Observation> observations, List<OrderRow> orders,
            List<Note> notes) {
    }

    private final PatientsPart part;
    private final Composite control;
    private final Label name;
    private final Label details;
    private final Label contact;
    private final TabFolder tabs;
    private final TabItem encountersTab;
    private final TabItem observationsTab;
    private final TabItem ordersTab;
    private final TabItem notesTab;
    private final TableViewer encounterTable;
    private final TableViewer observationTable;
    private final TableViewer orderTable;
    private final TableViewer noteTable;
    private final TableViewer revisionTable;
    private final RevisionCompare compare;
    private final Map<String, Button> buttons = new HashMap<>();

    private volatile String currentId;
    private Record record;
    private Note selectedNote;
    private List<NoteRevision> revisions = List.of();
    private volatile int loads;
    private volatile int revisionLoads;

    PatientView(Composite parent, PatientsPart part) {
        this.part = part;
        control = new Composite(parent, SWT.NONE);
        control.setLayout(new GridLayout(1, false));

        Composite header = new Composite(control, SWT.NONE);
        header.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout headerLayout = new GridLayout(2, false);
        headerLayout.marginWidth = 0;
        header.setLayout(headerLayout);
        name = new Label(header, SWT.NONE);
        name.setData(PatientsPart.TEST_ID, "patient.name");
        name.setFont(JFaceResources.getHeaderFont());
        name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        buttons.put("patient.demographics",
                part.action(header, "patient.demographics", "Update demographics...", Permissions.PATIENT_DEMOGRAPHICS, part::openDemographics));
        details = new Label(header, SWT.NONE);
        details.setData(PatientsPart.TEST_ID, "patient.details");
        details.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        contact = new Label(header, SWT.WRAP);
        contact.setData(PatientsPart.TEST_ID, "patient.contact");
        contact.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        tabs = new TabFolder(control, SWT.TOP);
        tabs.setData(PatientsPart.TEST_ID, "patient.tabs");
        tabs.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

        Composite e = tab("Encounters");
        encountersTab = tabs.getItem(0);
        buttonRow(e, new String[][] {{"patient.openEncounter", "Open encounter...", Permissions.CLINICAL_ENCOUNTER}},
                new Runnable[] {part::openEncounter});
        encounterTable = table(e, "patient.encounters", SWT.SINGLE);
        column(encounterTable, "Started", 130, o -> Formats.time(((Encounter) o).getStart()));
        column(encounterTable, "Kind", 110, o -> ((Encounter) o).getKind());
        column(encounterTable, "Reason", 300, o -> ((Encounter) o).getReason());
        column(encounterTable, "Ended", 130, o -> ((Encounter) o).getEnd() == null ? "open" : Formats.time(((Encounter) o).getEnd()));

        Composite ob = tab("Observations");
        observationsTab = tabs.getItem(1);
        buttonRow(ob, new String[][] {{"patient.recordObservation", "Record observation...", Permissions.CLINICAL_OBSERVATION}},
                new Runnable[] {part::openObservation});
        observationTable = table(ob, "patient.observations", SWT.SINGLE);
        column(observationTable, "Time", 130, o -> Formats.time(((Observation) o).getEffectiveTime()));
        column(observationTable, "Observation", 200, o -> ((Observation) o).getCode());
        column(observationTable, "Value", 100, o -> ((Observation) o).getValue());
        column(observationTable, "Unit", 80, o -> ((Observation) o).getUnit());

        Composite m = tab("Medications");
        ordersTab = tabs.getItem(2);
        buttonRow(m, new String[][] {{"patient.order", "Order...", Permissions.CLINICAL_ORDER},
                {"patient.discontinue", "Discontinue...", Permissions.CLINICAL_ORDER}}, new Runnable[] {part::openOrder, part::openDiscontinue});
        orderTable = table(m, "patient.orders", SWT.SINGLE);
        column(orderTable, "Ordered", 130, o -> Formats.time(((OrderRow) o).order().getOrderedAt()));
        column(orderTable, "Medicine", 200, o -> ((OrderRow) o).medicine());
        column(orderTable, "Dose", 80, o -> ((OrderRow) o).order().getDose());
        column(orderTable, "Route", 80, o -> ((OrderRow) o).order().getRoute());
        column(orderTable, "How often", 280, o -> ((OrderRow) o).order().getFrequency());
        column(orderTable, "State", 240, o -> Formats.state(((OrderRow) o).order()));
        orderTable.addSelectionChangedListener(ev -> part.updateActions());

        Composite n = tab("Notes");
        notesTab = tabs.getItem(3);
        buttonRow(n, new String[][] {{"patient.writeNote", "Write note...", Permissions.CLINICAL_NOTE},
                {"patient.reviseNote", "Revise note...", Permissions.CLINICAL_NOTE}}, new Runnable[] {part::openWriteNote, part::openReviseNote});
        SashForm notesSash = new SashForm(n, SWT.VERTICAL);
        notesSash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        SashForm lists = new SashForm(notesSash, SWT.HORIZONTAL);
        noteTable = table(lists, "patient.notes", SWT.SINGLE);
        column(noteTable, "Note", 200, o -> ((Note) o).getTitle());
        column(noteTable, "Revisions", 75, o -> String.valueOf(((Note) o).getCurrentRevision()));
        noteTable.addSelectionChangedListener(ev -> {
            Object first = ((IStructuredSelection) ev.getSelection()).getFirstElement();
            if (first instanceof Note note && (selectedNote == null || !selectedNote.getId().equals(note.getId()))) {
                selectedNote = note;
                loadRevisions();
            }
            part.updateActions();
        });
        revisionTable = table(lists, "patient.revisions", SWT.MULTI);
        column(revisionTable, "Revision", 70, o -> String.valueOf(((NoteRevision) o).getRevision()));
        column(revisionTable, "Written", 130, o -> Formats.time(((NoteRevision) o).getWrittenAt()));
        column(revisionTable, "By", 150, o -> author(((NoteRevision) o).getAuthorId()));
        revisionTable.addSelectionChangedListener(ev -> compareSelected());
        lists.setWeights(1, 1);
        compare = new RevisionCompare(notesSash, "patient.compare");
        notesSash.setWeights(2, 5);
        clear();
    }

    private Composite tab(String text) {
        TabItem item = new TabItem(tabs, SWT.NONE);
        item.setText(text);
        Composite c = new Composite(tabs, SWT.NONE);
        c.setLayout(new GridLayout(1, false));
        item.setControl(c);
        return c;
    }

    private void buttonRow(Composite parent, String[][] specs, Runnable[] runs) {
        Composite row = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(specs.length, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        row.setLayout(layout);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        for (int i = 0; i < specs.length; i++) {
            buttons.put(specs[i][0], part.action(row, specs[i][0], specs[i][1], specs[i][2], runs[i]));
        }
    }

    private static TableViewer table(Composite parent, String testId, int selection) {
        TableViewer v = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | selection);
        v.getTable().setData(PatientsPart.TEST_ID, testId);
        v.getTable().setHeaderVisible(true);
        v.getTable().setLinesVisible(true);
        v.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        v.setContentProvider(ArrayContentProvider.getInstance());
        v.setInput(List.of());
        return v;
    }

    private static void column(TableViewer viewer, String title, int width, Function<Object, String> text) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.NONE);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                String s = text.apply(element);
                return s == null ? "" : s;
            }
        });
    }

    /** Enables the view's buttons for what is shown and selected; the part decides which are visible. */
    void updateActions(Map<String, Button> actions) {
        boolean shown = record != null;
        buttons.values().forEach(b -> b.setEnabled(shown));
        OrderRow order = selectedOrder();
        buttons.get("patient.discontinue").setEnabled(shown && order != null && order.order().getStatus() == OrderStatus.ACTIVE);
        buttons.get("patient.reviseNote").setEnabled(shown && selectedNote() != null);
    }

    // ---- loading ----

    /** Reads a patient's record (in a job) and shows it. */
    public void show(String patientId) {
        currentId = patientId;
        selectedNote = null;
        reload();
    }

    /** Reads the shown patient's record again. */
    public void reload() {
        String id = currentId;
        ClinicQueries q = part.queries();
        Session s = part.session();
        if (id == null || q == null || s == null) {
            loads++;
            return;
        }
        Actor actor = s.actor();
        part.background("Reading the patient's record", () -> {
            try {
                Patient p = q.patient(actor, id).orElse(null);
                if (p == null) {
                    part.ui(() -> {
                        if (id.equals(currentId)) {
                            clear();
                            part.say("This patient's record is not in the clinic's data.");
                        }
                        loads++;
                    });
                    return;
                }
                List<Encounter> encounters = q.encountersOf(actor, id);
                List<Observation> observations = q.observationsOf(actor, id);
                Map<String, String> medicines = new HashMap<>();
                List<OrderRow> orders = new ArrayList<>();
                for (MedicationOrder o : q.ordersOf(actor, id)) {
                    String label = medicines.computeIfAbsent(o.getMedicineId(),
                            m -> q.medicine(actor, m).map(OrderDialog::label).orElse("medicine " + m));
                    orders.add(new OrderRow(o, label));
                }
                List<Note> notes = q.notesOf(actor, id);
                Record r = new Record(p, encounters, observations, orders, notes);
                part.ui(() -> {
                    if (id.equals(currentId)) {
                        shown(r);
                    }
                    loads++;
                });
            } catch (RuntimeException e) {
                part.ui(() -> {
                    if (id.equals(currentId)) {
                        clear();
                        part.say(ErrorMessages.of(e));
                    }
                    loads++;
                });
            }
        });
    }

    private void shown(Record r) {
        record = r;
        Patient p = r.patient();
        name.setText(Formats.name(p));
        details.setText("Record number " + p.getIdentifier() + "   |   born " + Formats.born(p.getBirthDate(), part.today()) + "   |   "
                + Formats.sex(p.getSex()));
        String phone = Formats.text(p.getPhone());
        String address = Formats.text(p.getAddress()).replace('\n', ',').replace(",,", ",");
        contact.setText((phone.isEmpty() ? "no phone" : "Phone " + phone) + "   |   " + (address.isEmpty() ? "no address" : address));
        encountersTab.setText("Encounters (" + r.encounters().size() + ")");
        observationsTab.setText("Observations (" + r.observations().size() + ")");
        long active = r.orders().stream().filter(o -> o.order().getStatus() == OrderStatus.ACTIVE).count();
        ordersTab.setText("Medications (" + active + " active)");
        notesTab.setText("Notes (" + r.notes().size() + ")");
        encounterTable.setInput(r.encounters());
        observationTable.setInput(r.observations());
        orderTable.setInput(r.orders());
        noteTable.setInput(r.notes());
        String keep = selectedNote == null ? null : selectedNote.getId();
        selectedNote = null;
        // the note read before stays selected; otherwise the newest, so its latest change shows at once
        Note select = r.notes().stream().filter(n -> n.getId().equals(keep)).findFirst().orElse(r.notes().isEmpty() ? null : r.notes().get(0));
        if (select != null) {
            noteTable.setSelection(new StructuredSelection(select));
        }
        if (selectedNote == null) {
            revisions = List.of();
            revisionTable.setInput(revisions);
            compare.clear(r.notes().isEmpty() ? "This patient has no notes yet." : "Select a note, then two of its revisions to compare them.");
        }
        control.layout(true, true);
        part.updateActions();
    }

    /** Shows no patient. */
    void clear() {
        currentId = null;
        record = null;
        selectedNote = null;
        revisions = List.of();
        name.setText("No patient selected");
        details.setText("Find a patient and select them in the list to see their record.");
        contact.setText("");
        encountersTab.setText("Encounters");
        observationsTab.setText("Observations");
        ordersTab.setText("Medications");
        notesTab.setText("Notes");
        for (TableViewer v : new TableViewer[] {encounterTable, observationTable, orderTable, noteTable, revisionTable}) {
            v.setInput(List.of());
        }
        compare.clear("Select a note, then two of its revisions to compare them.");
        part.updateActions();
    }

    private void loadRevisions() {
        Note note = selectedNote;
        ClinicQueries q = part.queries();
        Session s = part.session();
        if (note == null || q == null || s == null) {
            revisionLoads++;
            return;
        }
        part.background("Reading the note's revisions", () -> {
            try {
                List<NoteRevision> found = q.revisionsOf(s.actor(), note.getId());
                part.ui(() -> {
                    if (selectedNote != null && selectedNote.getId().equals(note.getId())) {
                        revisions = found;
                        revisionTable.setInput(found);
                        // the latest change is what a reader wants to see first: the last two revisions
                        int from = Math.max(0, found.size() - 2);
                        revisionTable.setSelection(new StructuredSelection(found.subList(from, found.size())));
                        compareSelected();
                    }
                    revisionLoads++;
                });
            } catch (RuntimeException e) {
                part.ui(() -> {
                    part.say(ErrorMessages.of(e));
                    revisionLoads++;
                });
            }
        });
    }

    private void compareSelected() {
        List<?> chosen = revisionTable.getStructuredSelection().toList();
        if (chosen.size() == 1) {
            NoteRevision r = (NoteRevision) chosen.get(0);
            compare.show(r, author(r.getAuthorId()));
        } else if (chosen.size() == 2) {
            NoteRevision a = (NoteRevision) chosen.get(0);
            NoteRevision b = (NoteRevision) chosen.get(1);
            compare.compare(a, author(a.getAuthorId()), b, author(b.getAuthorId()));
        } else if (chosen.size() > 2) {
            compare.clear("Select exactly two revisions to compare them (Ctrl+click the second).");
        }
    }

    private String author(String userId) {
        Session s = part.session();
        if (s != null && s.userId().equals(userId)) {
            return s.displayName() + " (you)";
        }
        return "user " + userId;
    }

    // ---- state for the part, handlers and tests ----

    /** The patient shown, or null. */
    public Patient patient() {
        return record == null ? null : record.patient();
    }

    /** The shown patient's encounters, newest first. */
    public List<Encounter> encounters() {
        return record == null ? List.of() : record.encounters();
    }

    /** The shown patient's observations as the timeline lists them, newest first. */
    public List<Observation> observations() {
        return record == null ? List.of() : record.observations();
    }

    /** The shown patient's medication orders, newest first. */
    public List<OrderRow> orders() {
        return record == null ? List.of() : record.orders();
    }

    /** The shown patient's notes, newest first. */
    public List<Note> notes() {
        return record == null ? List.of() : record.notes();
    }

    /** The selected note's revisions, first first. */
    public List<NoteRevision> revisions() {
        return revisions;
    }

    /** The selected medication order, or null. */
    public OrderRow selectedOrder() {
        Object first = orderTable.getStructuredSelection().getFirstElement();
        return first instanceof OrderRow o ? o : null;
    }

    /** Selects a medication order by its id. */
    public boolean selectOrder(String orderId) {
        for (OrderRow o : orders()) {
            if (o.order().getId().equals(orderId)) {
                tabs.setSelection(ordersTab);
                orderTable.setSelection(new StructuredSelection(o), true);
                part.updateActions();
                return true;
            }
        }
        return false;
    }

    /** The selected note with the text of its current revision (null while its revisions are read). */
    public NoteState selectedNote() {
        Note n = selectedNote;
        if (n == null) {
            return null;
        }
        String text = revisions.isEmpty() || !revisions.get(0).getNoteId().equals(n.getId()) ? null : revisions.get(revisions.size() - 1).getText();
        return new NoteState(n, text);
    }

    /** Selects a note by id (its revisions are then read, and its last two compared). */
    public boolean selectNote(String noteId) {
        for (Note n : notes()) {
            if (n.getId().equals(noteId)) {
                tabs.setSelection(notesTab);
                noteTable.setSelection(new StructuredSelection(n), true);
                return true;
            }
        }
        return false;
    }

    /** Selects revisions of the selected note by number, and compares them when there are two. */
    public void selectRevisions(int... numbers) {
        List<NoteRevision> chosen = new ArrayList<>();
        for (int number : numbers) {
            revisions.stream().filter(r -> r.getRevision() == number).findFirst().ifPresent(chosen::add);
        }
        revisionTable.setSelection(new StructuredSelection(chosen));
        compareSelected();
    }

    /** Brings a tab to the front: 0 encounters, 1 observations, 2 medications, 3 notes. */
    public void showTab(int index) {
        tabs.setSelection(index);
    }

    /** How a pane of the revision compare marks a line: "changed", "removed", "added", or "" for none. */
    public String compareMark(boolean leftPane, int line) {
        return compare.mark(leftPane, line);
    }

    /** The text of a pane of the revision compare (the older revision is on the left). */
    public String compareText(boolean leftPane) {
        return compare.text(leftPane);
    }

    /** The heading over a pane of the revision compare. */
    public String compareHeading(boolean leftPane) {
        return compare.heading(leftPane);
    }

    /** The line under the revision compare. */
    public String compareSummary() {
        return compare.summary();
    }

    /** The rows of the revision compare now. */
    public List<LineDiff.Row> comparedRows() {
        return compare.rows();
    }

    /** How many record reads have finished (tests wait on it). */
    public int loadCount() {
        return loads;
    }

    /** How many revision reads have finished (tests wait on it). */
    public int revisionLoadCount() {
        return revisionLoads;
    }

    Composite control() {
        return control;
    }
}
