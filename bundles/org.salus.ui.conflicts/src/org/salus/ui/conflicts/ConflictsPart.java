package org.salus.ui.conflicts;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.salus.core.access.Permissions;
import org.salus.core.command.Actor;
import org.salus.core.conflict.ClinicConflicts;
import org.salus.core.conflict.ConflictSide;
import org.salus.core.conflict.RegisterConflict;
import org.salus.core.query.ClinicQueries;
import org.salus.model.clinical.Patient;
import org.salus.model.inventory.Medicine;
import org.salus.security.Session;
import org.salus.ui.app.errors.ErrorMessages;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The open conflicts of the registers: a field of a patient or a medicine that two workstations changed while apart.
 * Each line shows both values side by side, who changed each, where and when; the newer one is what the field shows
 * until someone chooses. Reads and resolutions are done as the signed-in user; the core checks both.
 */
public class ConflictsPart {

    /** The part's id in the application model. */
    public static final String ID = "org.salus.ui.conflicts.part";
    /** Key under which widgets carry a stable id for tests. */
    public static final String TEST_ID = "org.salus.testid";

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** One line: the conflict and the record it is about, as a person names it. */
    public record ConflictRow(RegisterConflict conflict, String record) {
    }

    private volatile ClinicConflicts conflicts;
    private volatile ClinicQueries queries;
    private volatile Session session;

    private Display display;
    private TableViewer table;
    private Label message;
    private Label details;
    private Button resolve;
    private Color shownColor;
    private List<ConflictRow> rows = List.of();
    private volatile int loads;

    @Inject
    void setConflicts(@Optional @Service ClinicConflicts c) {
        conflicts = c;
        refreshLater();
    }

    @Inject
    void setQueries(@Optional @Service ClinicQueries q) {
        queries = q;
    }

    @Inject
    void setSession(@Optional Session s) {
        session = s;
        refreshLater();
    }

    private void refreshLater() {
        if (display != null && !display.isDisposed()) {
            display.asyncExec(this::refresh);
        }
    }

    @PostConstruct
    public void createControls(Composite parent) {
        display = parent.getDisplay();
        shownColor = new Color(display, 255, 243, 205);
        parent.setLayout(new GridLayout(1, false));

        Composite top = new Composite(parent, SWT.NONE);
        top.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        top.setLayout(new GridLayout(3, false));
        message = new Label(top, SWT.WRAP);
        message.setData(TEST_ID, "conflicts.message");
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button refresh = new Button(top, SWT.PUSH);
        refresh.setText("Refresh");
        refresh.setData(TEST_ID, "conflicts.refresh");
        refresh.addListener(SWT.Selection, e -> refresh());
        resolve = new Button(top, SWT.PUSH);
        resolve.setText("Resolve...");
        resolve.setData(TEST_ID, "conflicts.resolve");
        resolve.setEnabled(false);
        resolve.addListener(SWT.Selection, e -> openResolve());

        table = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
        table.getTable().setData(TEST_ID, "conflicts.table");
        table.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.getTable().setHeaderVisible(true);
        table.getTable().setLinesVisible(true);
        table.setContentProvider(ArrayContentProvider.getInstance());
        column("Record", 240, ConflictRow::record, false);
        column("Field", 100, r -> Words.field(r.conflict().field()), false);
        column("One change", 120, r -> Words.value(r.conflict().left().value()), false);
        column("By, when, where", 225, r -> who(r.conflict().left()), false);
        column("Other change (shown)", 150, r -> Words.value(r.conflict().right().value()), true);
        column("By, when, where", 225, r -> who(r.conflict().right()), false);
        table.addSelectionChangedListener(e -> showSelected());
        table.addDoubleClickListener(e -> openResolve());

        details = new Label(parent, SWT.WRAP);
        details.setData(TEST_ID, "conflicts.details");
        details.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        details.setText("A conflict is one field changed on two workstations before either saw the other's change. Nothing is lost:"
                + " both values are kept here until someone chooses one, or types the right one.");
        parent.addDisposeListener(e -> shownColor.dispose());
        refresh();
    }

    private void column(String title, int width, Function<ConflictRow, String> text, boolean shown) {
        TableViewerColumn c = new TableViewerColumn(table, SWT.NONE);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                String s = text.apply((ConflictRow) element);
                return s == null ? "" : s;
            }

            @Override
            public Color getBackground(Object element) {
                return shown ? shownColor : null;
            }
        });
    }

    /** Who changed a side, when and on which workstation, as a line of the table (a long device id is shortened). */
    static String who(ConflictSide side) {
        String device = side.deviceId().length() > 16 ? side.deviceId().substring(0, 8) + "\u2026" : side.deviceId();
        return side.userName() + ", " + TIME.format(LocalDateTime.ofInstant(side.at(), ZoneId.systemDefault())) + ", on " + device;
    }

    /** The same in full, for the line under the table and the dialog. */
    static String whoInFull(ConflictSide side) {
        return side.userName() + " at " + TIME.format(LocalDateTime.ofInstant(side.at(), ZoneId.systemDefault())) + " on workstation "
                + side.deviceId();
    }

    @Focus
    void focus() {
        if (table != null && !table.getTable().isDisposed()) {
            table.getTable().setFocus();
        }
    }

    /** Reads the open conflicts again, in a job, as the signed-in user. */
    public void refresh() {
        if (table == null || table.getTable().isDisposed()) {
            return;
        }
        ClinicConflicts c = conflicts;
        Session s = session;
        if (c == null) {
            say("The clinic data service is not running: conflicts cannot be shown.");
            return;
        }
        if (s == null) {
            say("Nobody is logged in: conflicts are shown to a signed-in user whose role allows changing patients or medicines.");
            rows = List.of();
            table.setInput(rows);
            loads++;
            return;
        }
        Actor actor = s.actor();
        ClinicQueries q = queries;
        say("Reading conflicts...");
        Job job = new Job("Reading conflicts") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    List<RegisterConflict> open = c.open(actor);
                    List<ConflictRow> read = new ArrayList<>();
                    Map<String, String> names = new HashMap<>();
                    for (RegisterConflict k : open) {
                        read.add(new ConflictRow(k, names.computeIfAbsent(k.entityType() + "/" + k.entityId(), key -> record(q, actor, k))));
                    }
                    ui(() -> show(read));
                } catch (RuntimeException e) {
                    ui(() -> {
                        say(ErrorMessages.of(e));
                        loads++;
                    });
                }
                return Status.OK_STATUS;
            }
        };
        job.setSystem(true);
        job.schedule();
    }

    /** The record a conflict is about, as a person names it; its id when it cannot be read. */
    private static String record(ClinicQueries q, Actor actor, RegisterConflict k) {
        try {
            if (q != null && k.entityType().equals("Patient")) {
                java.util.Optional<Patient> p = q.patient(actor, k.entityId());
                if (p.isPresent()) {
                    return "Patient " + p.get().getFamilyName() + ", " + p.get().getGivenName() + " (" + p.get().getIdentifier() + ")";
                }
            } else if (q != null && k.entityType().equals("Medicine")) {
                java.util.Optional<Medicine> m = q.medicine(actor, k.entityId());
                if (m.isPresent()) {
                    return "Medicine " + m.get().getInnName() + " " + m.get().getStrength() + " " + m.get().getUnit();
                }
            }
        } catch (RuntimeException e) {
            // the id below still names it
        }
        return k.entityType() + " " + k.entityId();
    }

    private void show(List<ConflictRow> read) {
        ConflictRow selected = selected();
        rows = List.copyOf(read);
        table.setInput(rows);
        if (selected != null) {
            rows.stream().filter(r -> r.conflict().id().equals(selected.conflict().id())).findFirst()
                    .ifPresent(r -> table.setSelection(new StructuredSelection(r)));
        }
        say(rows.isEmpty() ? "No open conflicts: every workstation agrees on every patient and medicine."
                : rows.size() + (rows.size() == 1 ? " open conflict" : " open conflicts")
                        + ". The highlighted value is the one shown now; select a line and choose Resolve.");
        showSelected();
        loads++;
    }

    private void showSelected() {
        ConflictRow r = selected();
        Session s = session;
        resolve.setEnabled(r != null && s != null && s.grants(permission(r.conflict())));
        if (r != null) {
            RegisterConflict k = r.conflict();
            details.setText(r.record() + ", " + Words.field(k.field()) + ": '" + Words.value(k.left().value()) + "' by "
                    + whoInFull(k.left()) + ", and '" + Words.value(k.right().value()) + "' by " + whoInFull(k.right()) + ".");
            details.getParent().layout(true);
        }
    }

    /** The permission that resolves a conflict: the one that edits its field. */
    static String permission(RegisterConflict k) {
        return k.entityType().equals("Patient") ? Permissions.PATIENT_DEMOGRAPHICS : Permissions.MEDICINE_REGISTER;
    }

    /** Opens the resolution of the selected conflict (not blocking); null when none can be opened. */
    public ResolveDialog openResolve() {
        ConflictRow r = selected();
        Session s = session;
        ClinicConflicts c = conflicts;
        if (r == null) {
            say("Select a conflict first.");
            return null;
        }
        if (s == null || c == null) {
            say("Nobody is logged in, or the clinic data service is not running: nothing can be resolved.");
            return null;
        }
        if (!s.grants(permission(r.conflict()))) {
            say("Your roles do not allow " + ErrorMessages.words(permission(r.conflict())) + ", so you cannot resolve this conflict.");
            return null;
        }
        ResolveDialog dialog = new ResolveDialog(shell(), c, s, r);
        dialog.setBlockOnOpen(false);
        dialog.create();
        dialog.getShell().addDisposeListener(e -> {
            if (dialog.result() != null) {
                say(dialog.result());
                refresh();
            }
        });
        dialog.open();
        return dialog;
    }

    /** Selects the line of a conflict. */
    public boolean select(String conflictId) {
        for (ConflictRow r : rows) {
            if (r.conflict().id().equals(conflictId)) {
                table.setSelection(new StructuredSelection(r), true);
                showSelected();
                return true;
            }
        }
        return false;
    }

    private ConflictRow selected() {
        if (table == null || table.getTable().isDisposed()) {
            return null;
        }
        Object first = ((IStructuredSelection) table.getSelection()).getFirstElement();
        return first instanceof ConflictRow r ? r : null;
    }

    private Shell shell() {
        return table.getTable().getShell();
    }

    private void say(String text) {
        if (message != null && !message.isDisposed()) {
            message.setText(text);
            message.getParent().layout(true);
        }
    }

    private void ui(Runnable r) {
        if (display != null && !display.isDisposed()) {
            display.asyncExec(() -> {
                if (table != null && !table.getTable().isDisposed()) {
                    r.run();
                }
            });
        }
    }

    // ---- state for handlers and tests ----

    /** The lines shown now. */
    public List<ConflictRow> rows() {
        return rows;
    }

    /** How many reads have finished (or failed). */
    public int loadCount() {
        return loads;
    }

    /** What the part says now. */
    public String message() {
        return message.getText();
    }
}
