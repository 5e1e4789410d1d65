package org.salus.ui.patients;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.salus.core.access.Permissions;
import org.salus.core.command.Actor;
import org.salus.core.command.ClinicCommands;
import org.salus.core.platform.ClinicClock;
import org.salus.core.query.ClinicQueries;
import org.salus.model.clinical.OrderStatus;
import org.salus.model.clinical.Patient;
import org.salus.security.Session;
import org.salus.ui.app.errors.ErrorMessages;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The clinic's patients: a search by record number or name (a lazy, virtual table of the matches) and, beside it, the
 * selected patient's record. Every read is done as the signed-in user, and the core answers it only when their roles
 * grant patient.read; the actions follow the session's permissions, and the core checks every command again.
 */
public class PatientsPart {

    /** The part's id in the application model. */
    public static final String ID = "org.salus.ui.patients.part";
    /** Key under which widgets carry a stable id for tests. */
    public static final String TEST_ID = "org.salus.testid";
    /** The most matches a search shows. */
    public static final int MAX_RESULTS = 500;

    private volatile ClinicQueries queries;
    private volatile ClinicCommands commands;
    private volatile ClinicClock clock;
    private volatile Session session;

    private Display display;
    private Text search;
    private Label summary;
    private Label message;
    private TableViewer results;
    private PatientView view;
    private final Map<String, Button> actions = new HashMap<>();

    private List<Patient> found = List.of();
    private volatile int searches;
    private int searchGeneration;

    @Inject
    void setQueries(@Optional @Service ClinicQueries q) {
        queries = q;
    }

    @Inject
    void setCommands(@Optional @Service ClinicCommands c) {
        commands = c;
    }

    @Inject
    void setClock(@Optional @Service ClinicClock c) {
        clock = c;
    }

    @Inject
    void setSession(@Optional Session s) {
        Session before = session;
        session = s;
        if (display != null && !display.isDisposed()) {
            display.asyncExec(() -> {
                if (search.isDisposed()) {
                    return;
                }
                updateActions();
                if (before == null || s == null || !before.userId().equals(s.userId())) {
                    // another person: nothing of the last one's patients stays on the screen
                    found = List.of();
                    results.setItemCount(0);
                    results.refresh();
                    summary.setText("");
                    view.clear();
                    say(s == null ? "" : "Type the start of a record number or name to find a patient.");
                }
            });
        }
    }

    @PostConstruct
    public void createControls(Composite parent) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(1, false));

        Composite top = new Composite(parent, SWT.NONE);
        top.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        top.setLayout(new GridLayout(5, false));
        new Label(top, SWT.NONE).setText("Find:");
        search = new Text(top, SWT.BORDER | SWT.SEARCH | SWT.ICON_CANCEL);
        search.setData(TEST_ID, "patients.search");
        search.setMessage("record number, family name or given name");
        GridData searchData = new GridData(SWT.FILL, SWT.CENTER, false, false);
        searchData.widthHint = 280;
        search.setLayoutData(searchData);
        search.addModifyListener(e -> searchLater());
        search.addListener(SWT.DefaultSelection, e -> refresh());
        Button find = new Button(top, SWT.PUSH);
        find.setText("Search");
        find.setData(TEST_ID, "patients.find");
        find.addListener(SWT.Selection, e -> refresh());
        action(top, "patients.register", "Register patient...", Permissions.PATIENT_REGISTER, this::openRegister);
        summary = new Label(top, SWT.NONE);
        summary.setData(TEST_ID, "patients.summary");
        summary.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false));

        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        createResults(sash);
        view = new PatientView(sash, this);
        sash.setWeights(33, 67);

        message = new Label(parent, SWT.WRAP);
        message.setData(TEST_ID, "patients.message");
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        updateActions();
        say(session == null ? "Nobody is logged in: patients are shown to a signed-in user whose role allows reading them."
                : "Type the start of a record number or name to find a patient.");
    }

    private void createResults(Composite parent) {
        results = new TableViewer(parent, SWT.VIRTUAL | SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
        results.getTable().setData(TEST_ID, "patients.results");
        results.getTable().setHeaderVisible(true);
        results.getTable().setLinesVisible(true);
        results.setUseHashlookup(true);
        results.setContentProvider(new ILazyContentProvider() {
            @Override
            public void updateElement(int index) {
                if (index < found.size()) {
                    results.replace(found.get(index), index);
                }
            }

            @Override
            public void inputChanged(Viewer viewer, Object oldInput, Object newInput) {
                // the matches are kept in the part
            }
        });
        column(results, "Record no.", 110, p -> p.getIdentifier());
        column(results, "Name", 170, Formats::name);
        column(results, "Born", 88, p -> Formats.date(p.getBirthDate()));
        column(results, "Sex", 62, p -> Formats.sex(p.getSex()));
        results.setInput(new Object());
        results.addSelectionChangedListener(e -> {
            Object first = ((IStructuredSelection) e.getSelection()).getFirstElement();
            if (first instanceof Patient p && (view.patient() == null || !view.patient().getId().equals(p.getId()))) {
                view.show(p.getId());
            }
        });
    }

    private static void column(TableViewer viewer, String title, int width, Function<Patient, String> text) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.NONE);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                String s = element instanceof Patient p ? text.apply(p) : null;
                return s == null ? "" : s;
            }
        });
    }

    /** Adds a button that only sessions holding a permission see. */
    Button action(Composite parent, String testId, String label, String permission, Runnable run) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(label);
        b.setData(TEST_ID, testId);
        b.setData("permission", permission);
        b.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        b.addListener(SWT.Selection, e -> run.run());
        actions.put(testId, b);
        return b;
    }

    /** Shows the buttons the session's roles allow, enabled when there is something to act on. */
    void updateActions() {
        if (message == null || message.isDisposed()) {
            return;
        }
        Session s = session;
        for (Button b : actions.values()) {
            boolean granted = s != null && s.grants((String) b.getData("permission"));
            if (b.getVisible() != granted) {
                b.setVisible(granted);
                ((GridData) b.getLayoutData()).exclude = !granted;
                b.getParent().layout(true);
            }
        }
        view.updateActions(actions);
    }

    // ---- searching ----

    private void searchLater() {
        int generation = ++searchGeneration;
        display.timerExec(300, () -> {
            if (generation == searchGeneration && !search.isDisposed()) {
                refresh();
            }
        });
    }

    /** Searches again for what the search field holds (in a job). */
    public void refresh() {
        if (search == null || search.isDisposed()) {
            return;
        }
        ClinicQueries q = queries;
        Session s = session;
        String text = search.getText().trim();
        if (q == null) {
            say("The clinic data service is not running; patients cannot be shown.");
            searches++;
            return;
        }
        if (s == null) {
            say("Nobody is logged in: patients are shown to a signed-in user whose role allows reading them.");
            searches++;
            return;
        }
        if (text.isEmpty()) {
            showFound(List.of(), "");
            say("Type the start of a record number or name to find a patient.");
            searches++;
            return;
        }
        Actor actor = s.actor();
        background("Finding patients", () -> {
            try {
                List<Patient> matches = q.findPatients(actor, text, MAX_RESULTS);
                ui(() -> {
                    if (text.equals(search.getText().trim())) {
                        showFound(matches, matches.size() >= MAX_RESULTS ? "the first " + MAX_RESULTS + " matches: type more to narrow"
                                : matches.size() + (matches.size() == 1 ? " patient" : " patients"));
                        say(matches.isEmpty() ? "No patient's record number or name starts with \"" + text + "\"." : "");
                        searches++;
                    }
                });
            } catch (RuntimeException e) {
                ui(() -> {
                    showFound(List.of(), "");
                    say(ErrorMessages.of(e));
                    searches++;
                });
            }
        });
    }

    private void showFound(List<Patient> matches, String words) {
        found = List.copyOf(matches);
        results.getTable().deselectAll();
        results.setItemCount(found.size());
        results.refresh();
        summary.setText(words);
        summary.getParent().layout(true);
        Patient shown = view.patient();
        if (shown != null) {
            int index = indexOf(shown.getId());
            if (index >= 0) {
                results.getTable().setSelection(index);
            }
        }
    }

    private int indexOf(String patientId) {
        for (int i = 0; i < found.size(); i++) {
            if (found.get(i).getId().equals(patientId)) {
                return i;
            }
        }
        return -1;
    }

    // ---- actions ----

    /** Opens the registration dialog (not blocking); a registered patient is found and shown. */
    public RegisterPatientDialog openRegister() {
        return open(Permissions.PATIENT_REGISTER, () -> new RegisterPatientDialog(shell(), commands, session), d -> {
            if (d.patientId() != null) {
                search.setText(d.recordNumber());
                refresh();
                view.show(d.patientId());
            }
        });
    }

    /** Opens the correction of the shown patient's demographics (not blocking). */
    public DemographicsDialog openDemographics() {
        Patient p = needPatient();
        return p == null ? null : open(Permissions.PATIENT_DEMOGRAPHICS, () -> new DemographicsDialog(shell(), commands, session, p), d -> {
            refresh();
            view.reload();
        });
    }

    /** Opens a new encounter of the shown patient (not blocking). */
    public EncounterDialog openEncounter() {
        Patient p = needPatient();
        return p == null ? null : open(Permissions.CLINICAL_ENCOUNTER, () -> new EncounterDialog(shell(), commands, session, p), d -> view.reload());
    }

    /** Opens the recording of an observation of the shown patient (not blocking). */
    public ObservationDialog openObservation() {
        Patient p = needPatient();
        return p == null ? null
                : open(Permissions.CLINICAL_OBSERVATION, () -> new ObservationDialog(shell(), commands, session, p, view.encounters()),
                        d -> view.reload());
    }

    /** Opens a medication order for the shown patient (not blocking). */
    public OrderDialog openOrder() {
        Patient p = needPatient();
        return p == null ? null
                : open(Permissions.CLINICAL_ORDER, () -> new OrderDialog(shell(), commands, queries, session, p, view.encounters()),
                        d -> view.reload());
    }

    /** Opens the discontinuation of the selected medication order (not blocking). */
    public DiscontinueDialog openDiscontinue() {
        Patient p = needPatient();
        if (p == null) {
            return null;
        }
        PatientView.OrderRow order = view.selectedOrder();
        if (order == null || order.order().getStatus() != OrderStatus.ACTIVE) {
            say("Select an active medication order first.");
            return null;
        }
        return open(Permissions.CLINICAL_ORDER, () -> new DiscontinueDialog(shell(), commands, session, p, order.order(), order.medicine()),
                d -> view.reload());
    }

    /** Opens a new note of the shown patient (not blocking). */
    public NoteDialog openWriteNote() {
        Patient p = needPatient();
        return p == null ? null
                : open(Permissions.CLINICAL_NOTE, () -> NoteDialog.write(shell(), commands, session, p, view.encounters()), d -> view.reload());
    }

    /** Opens a revision of the selected note, starting from its current text (not blocking). */
    public NoteDialog openReviseNote() {
        Patient p = needPatient();
        if (p == null) {
            return null;
        }
        PatientView.NoteState note = view.selectedNote();
        if (note == null) {
            say("Select the note to revise first.");
            return null;
        }
        return open(Permissions.CLINICAL_NOTE, () -> NoteDialog.revise(shell(), commands, session, p, note.note(), note.currentText()),
                d -> view.reload());
    }

    private Patient needPatient() {
        Patient p = view.patient();
        if (p == null) {
            say("Find and select a patient first.");
        }
        return p;
    }

    private <D extends Dialog> D open(String permission, Supplier<D> make, Consumer<D> recorded) {
        Session s = session;
        if (commands == null || s == null) {
            say("Nobody is logged in, or the clinic data service is not running: nothing can be recorded.");
            return null;
        }
        if (!s.grants(permission)) {
            say("Your roles do not allow " + ErrorMessages.words(permission) + ".");
            return null;
        }
        D dialog = make.get();
        dialog.setBlockOnOpen(false);
        dialog.create();
        dialog.getShell().addDisposeListener(e -> {
            String done = ((PatientDialog) dialog).result();
            if (done != null) {
                say(done);
                recorded.accept(dialog);
            }
        });
        dialog.open();
        return dialog;
    }

    // ---- for the patient view, handlers and tests ----

    ClinicQueries queries() {
        return queries;
    }

    Session session() {
        return session;
    }

    LocalDate today() {
        ClinicClock c = clock;
        return c == null ? LocalDate.now() : c.today();
    }

    /** The patient view beside the search. */
    public PatientView view() {
        return view;
    }

    /** Types a search and runs it now. */
    public void search(String text) {
        search.setText(text);
        searchGeneration++; // searched now: the typing pause's search is not needed
        refresh();
    }

    /** The patients the search shows now, in order. */
    public List<Patient> shownPatients() {
        return found;
    }

    /** Selects a patient of the search results by id and shows their record. */
    public boolean select(String patientId) {
        int index = indexOf(patientId);
        if (index < 0) {
            return false;
        }
        results.getTable().setSelection(index);
        view.show(patientId);
        return true;
    }

    /** How many searches have finished and shown their result (tests wait on it); a result overtaken by newer typing is not counted. */
    public int searchCount() {
        return searches;
    }

    /** The message line's text. */
    public String message() {
        return message.getText();
    }

    void say(String text) {
        if (message != null && !message.isDisposed()) {
            message.setText(text);
            message.getParent().layout(true);
        }
    }

    Shell shell() {
        return search.getShell();
    }

    void background(String name, Runnable work) {
        Job job = new Job(name) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                work.run();
                return Status.OK_STATUS;
            }
        };
        job.setSystem(true);
        job.schedule();
    }

    void ui(Runnable r) {
        if (display != null && !display.isDisposed()) {
            display.asyncExec(() -> {
                if (!search.isDisposed()) {
                    r.run();
                }
            });
        }
    }

    @Focus
    public void setFocus() {
        search.setFocus();
    }

    /** For tests: the part's top control. */
    public Control control() {
        return search.getParent().getParent();
    }
}
