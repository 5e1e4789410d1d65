package org.salus.ui.audit;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DateTime;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.salus.core.audit.AuditLog;
import org.salus.core.command.Actor;
import org.salus.core.op.ChainReport;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;
import org.salus.core.platform.ClinicClock;
import org.salus.security.Session;
import org.salus.ui.app.errors.ErrorMessages;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The audit trail: every operation of the op log, newest first, filtered by entity, user, device, time and type, with
 * the verification of the hash chains. There is no second log: what this view shows is what syncs to the hub. Every
 * read is done as the signed-in user; the core answers it only when the user's roles grant audit.read.
 */
public class AuditPart {

    /** The part's id in the application model. */
    public static final String ID = "org.salus.ui.audit.part";
    /** Key under which widgets carry a stable id for tests. */
    public static final String TEST_ID = "org.salus.testid";
    /** Operations fetched per page. */
    public static final int PAGE = 200;
    /** What the part says when no user is signed in: the core answers audit reads only for a session with audit.read. */
    static final String NOBODY = "Nobody is logged in: the audit trail is shown to a signed-in user whose role allows reading it.";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] ENTITY_TYPES = {"", "Medicine", "StockBatch", "StockMovement", "Patient", "Encounter", "Observation",
            "MedicationOrder", "Note", "User", "Role"};
    private static final String[] OP_TYPES = {"", "stock.receive", "stock.dispense", "stock.adjust", "stock.write-off", "stock.transfer",
            "batch.create", "medicine.register", "patient.register", "patient.update", "user.login", "user.login.failed", "user.lockout",
            "user.create", "user.password", "user.roles", "audit.access.denied", "audit.login.failed"};

    /** One line of the trail: the operation and its user's login name. */
    public record AuditRow(OpEnvelope op, String user) {
    }

    private volatile AuditLog audit;
    private volatile ClinicClock clock;
    private volatile Session session;

    private Display display;
    private Combo entityType;
    private Text entityId;
    private Text user;
    private Text device;
    private Combo opType;
    private Button fromEnabled;
    private DateTime from;
    private Button toEnabled;
    private DateTime to;
    private TableViewer table;
    private Text details;
    private Button more;
    private Label count;
    private Label chain;
    private Button verify;
    private Color intactColor;
    private Color damagedColor;

    private List<AuditRow> rows = List.of();
    private OpQuery nextPage;
    private UserNames names;
    private volatile int loads;
    private volatile int verifications;
    private boolean verifying;

    @Inject
    void setAudit(@Optional @Service AuditLog log) {
        audit = log;
        if (display != null && !display.isDisposed()) {
            display.asyncExec(this::search);
        }
    }

    @Inject
    void setClock(@Optional @Service ClinicClock c) {
        clock = c;
    }

    @Inject
    void setSession(@Optional Session s) {
        // every read of the trail is done as the signed-in user, and the core checks audit.read for it
        session = s;
        // a user switch may have added operations (logins): show the trail as it is now
        if (display != null && !display.isDisposed() && s != null) {
            display.asyncExec(this::search);
        }
    }

    @PostConstruct
    public void createControls(Composite parent) {
        display = parent.getDisplay();
        intactColor = new Color(display, 200, 230, 201);
        damagedColor = new Color(display, 255, 205, 210);
        parent.setLayout(new GridLayout(1, false));

        Composite chainRow = new Composite(parent, SWT.NONE);
        chainRow.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        chainRow.setLayout(new GridLayout(2, false));
        chain = new Label(chainRow, SWT.WRAP);
        chain.setData(TEST_ID, "audit.chain");
        chain.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        chain.setText("Hash chain: not verified yet.");
        verify = new Button(chainRow, SWT.PUSH);
        verify.setText("Verify now");
        verify.setData(TEST_ID, "audit.verify");
        verify.addListener(SWT.Selection, e -> verifyNow());

        Composite filters = new Composite(parent, SWT.NONE);
        filters.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        filters.setLayout(new GridLayout(10, false));
        new Label(filters, SWT.NONE).setText("Entity:");
        entityType = combo(filters, "audit.entityType", ENTITY_TYPES);
        new Label(filters, SWT.NONE).setText("Id:");
        entityId = text(filters, "audit.entityId", 140);
        new Label(filters, SWT.NONE).setText("User:");
        user = text(filters, "audit.user", 110);
        new Label(filters, SWT.NONE).setText("Device:");
        device = text(filters, "audit.device", 110);
        new Label(filters, SWT.NONE).setText("Type:");
        opType = combo(filters, "audit.type", OP_TYPES);

        fromEnabled = check(filters, "audit.fromEnabled", "From:");
        from = new DateTime(filters, SWT.DATE | SWT.DROP_DOWN | SWT.BORDER);
        from.setData(TEST_ID, "audit.from");
        toEnabled = check(filters, "audit.toEnabled", "To:");
        to = new DateTime(filters, SWT.DATE | SWT.DROP_DOWN | SWT.BORDER);
        to.setData(TEST_ID, "audit.to");
        Button apply = new Button(filters, SWT.PUSH);
        apply.setText("Search");
        apply.setData(TEST_ID, "audit.search");
        apply.addListener(SWT.Selection, e -> search());
        Button clear = new Button(filters, SWT.PUSH);
        clear.setText("Clear");
        clear.setData(TEST_ID, "audit.clear");
        clear.addListener(SWT.Selection, e -> {
            setFilter(AuditFilter.none());
            search();
        });
        for (Text t : new Text[] {entityId, user, device}) {
            t.addListener(SWT.DefaultSelection, e -> search());
        }

        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Composite upper = new Composite(sash, SWT.NONE);
        GridLayout upperLayout = new GridLayout(2, false);
        upperLayout.marginWidth = 0;
        upper.setLayout(upperLayout);
        createTable(upper);
        count = new Label(upper, SWT.NONE);
        count.setData(TEST_ID, "audit.count");
        count.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        more = new Button(upper, SWT.PUSH);
        more.setText("Load older operations");
        more.setData(TEST_ID, "audit.more");
        more.setEnabled(false);
        more.addListener(SWT.Selection, e -> loadMore());
        details = new Text(sash, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        details.setData(TEST_ID, "audit.details");
        sash.setWeights(3, 1);
        search();
        verifyNow();
    }

    private void createTable(Composite parent) {
        table = new TableViewer(parent, SWT.VIRTUAL | SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
        table.getTable().setData(TEST_ID, "audit.table");
        table.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        table.getTable().setHeaderVisible(true);
        table.getTable().setLinesVisible(true);
        table.setUseHashlookup(true);
        table.setContentProvider(new ILazyContentProvider() {
            @Override
            public void updateElement(int index) {
                if (index < rows.size()) {
                    table.replace(rows.get(index), index);
                }
            }

            @Override
            public void inputChanged(Viewer viewer, Object oldInput, Object newInput) {
                // rows are kept in the part
            }
        });
        column("Time", 150, r -> TIME.format(LocalDateTime.ofInstant(r.op().deviceTime(), zone())));
        column("User", 110, AuditRow::user);
        column("Operation", 150, r -> r.op().opType());
        column("Entity", 120, r -> r.op().entityType());
        column("Entity id", 150, r -> r.op().entityId());
        column("Device", 150, r -> r.op().deviceId());
        column("Seq", 60, r -> String.valueOf(r.op().deviceSeq()));
        table.setInput(new Object());
        table.addSelectionChangedListener(e -> {
            Object first = ((IStructuredSelection) e.getSelection()).getFirstElement();
            details.setText(first instanceof AuditRow row ? describe(row) : "");
        });
    }

    private void column(String title, int width, Function<AuditRow, String> text) {
        TableViewerColumn c = new TableViewerColumn(table, SWT.NONE);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                String s = text.apply((AuditRow) element);
                return s == null ? "" : s;
            }
        });
    }

    private static String describe(AuditRow row) {
        OpEnvelope op = row.op();
        return op.opType() + " on " + op.entityType() + " " + op.entityId() + " by " + row.user() + " (user id " + op.userId() + ")\n"
                + "device " + op.deviceId() + ", seq " + op.deviceSeq() + ", device time " + op.deviceTime() + ", HLC " + op.hlc()
                + ", clinic " + op.clinicId() + "\n"
                + "hash " + op.hash() + "\nprevious " + op.prevHash() + "\n"
                + (op.serverSeq() > 0 ? "accepted by the hub as #" + op.serverSeq() + " at " + op.receivedAt() + "\n" : "not yet synced to a hub\n")
                + "payload " + op.payload();
    }

    // ---- searching ----

    /** The filter as the widgets show it. */
    public AuditFilter filter() {
        return new AuditFilter(entityType.getText(), entityId.getText(), user.getText(), device.getText(), opType.getText(),
                fromEnabled.getSelection() ? date(from) : null, toEnabled.getSelection() ? date(to) : null);
    }

    /** Shows a filter in the widgets (the search runs on {@link #search()}). */
    public void setFilter(AuditFilter f) {
        entityType.setText(nz(f.entityType()));
        entityId.setText(nz(f.entityId()));
        user.setText(nz(f.user()));
        device.setText(nz(f.device()));
        opType.setText(nz(f.opType()));
        fromEnabled.setSelection(f.from() != null);
        if (f.from() != null) {
            from.setDate(f.from().getYear(), f.from().getMonthValue() - 1, f.from().getDayOfMonth());
        }
        toEnabled.setSelection(f.to() != null);
        if (f.to() != null) {
            to.setDate(f.to().getYear(), f.to().getMonthValue() - 1, f.to().getDayOfMonth());
        }
    }

    /** Runs the search in a job: the newest page of operations matching the filter. */
    public void search() {
        if (table == null || table.getTable().isDisposed()) {
            return;
        }
        AuditLog log = audit;
        if (log == null) {
            count.setText("The audit service is not running.");
            return;
        }
        Session s = session;
        if (s == null) {
            count.setText(NOBODY);
            return;
        }
        Actor actor = s.actor();
        AuditFilter f = filter();
        ZoneId z = zone();
        more.setEnabled(false);
        count.setText("Searching...");
        background("Searching the audit trail", () -> {
            try {
                UserNames n = UserNames.read(log, actor);
                OpQuery q = f.toQuery(n, z, PAGE);
                OpPage page = log.find(actor, q);
                ui(() -> {
                    names = n;
                    rows = List.of();
                    showPage(page, q);
                });
            } catch (RuntimeException e) {
                ui(() -> {
                    count.setText(ErrorMessages.of(e));
                    loads++;
                });
            }
        });
    }

    private void loadMore() {
        OpQuery q = nextPage;
        AuditLog log = audit;
        Session s = session;
        if (q == null || log == null || s == null) {
            return;
        }
        more.setEnabled(false);
        background("Loading older operations", () -> {
            try {
                OpPage page = log.find(s.actor(), q);
                ui(() -> showPage(page, q));
            } catch (RuntimeException e) {
                ui(() -> count.setText(ErrorMessages.of(e)));
            }
        });
    }

    private void showPage(OpPage page, OpQuery query) {
        List<AuditRow> all = new ArrayList<>(rows);
        for (OpEnvelope op : page.operations()) {
            all.add(new AuditRow(op, names.name(op.userId())));
        }
        rows = Collections.unmodifiableList(all);
        nextPage = page.hasMore() ? query.olderThan(page.nextCursor()) : null;
        table.setItemCount(rows.size());
        table.refresh();
        more.setEnabled(nextPage != null);
        count.setText(rows.size() + " operations" + (nextPage != null ? " shown; older ones follow" : ""));
        count.getParent().layout(true);
        loads++;
    }

    // ---- verification ----

    /** Verifies every device's hash chain in a job and shows the result. */
    public void verifyNow() {
        AuditLog log = audit;
        Session s = session;
        if (log == null || verifying) {
            return;
        }
        if (s == null) {
            chain.setText("Hash chain: not verified. " + NOBODY);
            return;
        }
        verifying = true;
        verify.setEnabled(false);
        chain.setText("Hash chain: verifying...");
        chain.setBackground(null);
        Job job = new Job("Verifying the op log") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    ChainReport report = log.verifyChain(s.actor());
                    ui(() -> verified(report, null));
                } catch (RuntimeException e) {
                    ui(() -> verified(null, e));
                }
                return Status.OK_STATUS;
            }
        };
        job.schedule();
    }

    private void verified(ChainReport report, RuntimeException failure) {
        verifying = false;
        verify.setEnabled(true);
        String at = TIME.format(LocalDateTime.ofInstant(clock == null ? java.time.Instant.now() : clock.now(), zone()));
        if (failure != null) {
            chain.setText("Hash chain: could not be verified (" + ErrorMessages.of(failure) + ").");
            chain.setBackground(damagedColor);
        } else if (report.intact()) {
            chain.setText("Hash chain intact: " + report.checkedOps() + " operations of " + report.checkedDevices() + " device"
                    + (report.checkedDevices() == 1 ? "" : "s") + " verified at " + at + ".");
            chain.setBackground(intactColor);
        } else {
            chain.setText("Hash chain DAMAGED (verified at " + at + "): " + report.firstProblem().map(Object::toString).orElse("")
                    + (report.problems().size() > 1 ? " (and " + (report.problems().size() - 1) + " more chains)" : "")
                    + ". Tell your administrator: the store may need to be rebuilt from the hub.");
            chain.setBackground(damagedColor);
        }
        chain.getParent().layout(true);
        verifications++;
    }

    // ---- state for tests ----

    /** The rows shown now, newest first. */
    public List<AuditRow> rows() {
        return rows;
    }

    /** How many searches or pages have finished (tests wait on it). */
    public int loadCount() {
        return loads;
    }

    /** How many verifications have finished (tests wait on it). */
    public int verificationCount() {
        return verifications;
    }

    // ---- helpers ----

    private ZoneId zone() {
        ClinicClock c = clock;
        return c == null ? ZoneId.systemDefault() : c.zone();
    }

    private static LocalDate date(DateTime d) {
        return LocalDate.of(d.getYear(), d.getMonth() + 1, d.getDay());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static Combo combo(Composite parent, String testId, String[] items) {
        Combo c = new Combo(parent, SWT.DROP_DOWN);
        c.setData(TEST_ID, testId);
        c.setItems(items);
        GridData data = new GridData(SWT.FILL, SWT.CENTER, false, false);
        data.widthHint = 130;
        c.setLayoutData(data);
        return c;
    }

    private static Text text(Composite parent, String testId, int width) {
        Text t = new Text(parent, SWT.BORDER | SWT.SINGLE);
        t.setData(TEST_ID, testId);
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
        data.widthHint = width;
        t.setLayoutData(data);
        return t;
    }

    private static Button check(Composite parent, String testId, String label) {
        Button b = new Button(parent, SWT.CHECK);
        b.setText(label);
        b.setData(TEST_ID, testId);
        return b;
    }

    private void background(String name, Runnable work) {
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

    private void ui(Runnable r) {
        if (display != null && !display.isDisposed()) {
            display.asyncExec(() -> {
                if (!table.getTable().isDisposed()) {
                    r.run();
                }
            });
        }
    }

    @Focus
    public void setFocus() {
        table.getTable().setFocus();
    }

    @PreDestroy
    void dispose() {
        intactColor.dispose();
        damagedColor.dispose();
    }
}
