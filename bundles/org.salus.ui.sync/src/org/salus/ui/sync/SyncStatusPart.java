package org.salus.ui.sync;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.salus.core.access.Permissions;
import org.salus.device.Enrolment;
import org.salus.device.WorkstationSettings;
import org.salus.security.Session;
import org.salus.sync.mqtt.NegativeStock;
import org.salus.sync.mqtt.RejectedOp;
import org.salus.sync.mqtt.SyncState;
import org.salus.sync.mqtt.SyncStatus;
import org.salus.ui.app.errors.ErrorMessages;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * This workstation's sync with its hub: connected or offline, which hub, the last successful sync, the operations
 * waiting to be sent, the last error, the operations the hub refused and the stock that went below zero after a
 * merge. "Sync now" asks the engine for a round at once, in a job. Read every {@value #EVERY_MILLIS} ms off the UI thread.
 */
public class SyncStatusPart {

    public static final String ID = "org.salus.ui.sync.status";
    public static final String TEST_ID = "org.salus.testid";
    static final long EVERY_MILLIS = 2_000;
    static final long SYNC_NOW_WAIT_SECONDS = 60;

    private volatile SyncStatus sync;
    private volatile WorkstationSettings settings;
    private volatile Enrolment enrolment;
    private volatile Session session;

    private Display display;
    private Label connection;
    private Label hub;
    private Label device;
    private Label lastSync;
    private Label backlog;
    private Label lastError;
    private Label message;
    private Button syncNow;
    private Button enrol;
    private TableViewer rejected;
    private TableViewer negative;
    private volatile boolean running;
    private volatile int looks;

    private final Job look = new Job("Sync status") {
        @Override
        protected IStatus run(IProgressMonitor monitor) {
            Snapshot s = snapshot();
            Display d = display;
            if (d != null && !d.isDisposed()) {
                d.asyncExec(() -> show(s));
            }
            if (running) {
                schedule(EVERY_MILLIS);
            }
            return Status.OK_STATUS;
        }
    };

    /** What the part shows, read off the UI thread. */
    record Snapshot(SyncState state, List<String> hubs, List<NegativeStock> negative, String problem) {
    }

    @Inject
    void setSync(@Optional @Service SyncStatus s) {
        sync = s;
        refresh();
    }

    @Inject
    void setSettings(@Optional @Service WorkstationSettings s) {
        settings = s;
    }

    @Inject
    void setEnrolment(@Optional @Service Enrolment e) {
        enrolment = e;
    }

    @Inject
    void setSession(@Optional Session s) {
        session = s;
        Display d = display;
        if (d != null && !d.isDisposed()) {
            d.asyncExec(this::updateActions);
        }
    }

    @PostConstruct
    public void createControls(Composite parent) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(2, false));
        connection = row(parent, "Connection", "sync.connection");
        hub = row(parent, "Hub", "sync.hub");
        device = row(parent, "Clinic and device", "sync.device");
        lastSync = row(parent, "Last sync", "sync.lastSync");
        backlog = row(parent, "Waiting to be sent", "sync.backlog");
        lastError = row(parent, "Last error", "sync.lastError");

        Composite buttons = new Composite(parent, SWT.NONE);
        buttons.setLayout(new GridLayout(2, false));
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        syncNow = new Button(buttons, SWT.PUSH);
        syncNow.setText("Sync now");
        syncNow.setData(TEST_ID, "sync.now");
        syncNow.addListener(SWT.Selection, e -> syncNow());
        enrol = new Button(buttons, SWT.PUSH);
        enrol.setText("Enrol this workstation...");
        enrol.setData(TEST_ID, "sync.enrol");
        enrol.setLayoutData(new GridData());
        enrol.addListener(SWT.Selection, e -> EnrolDialog.open(parent.getShell(), enrolment, session));
        message = new Label(parent, SWT.WRAP);
        message.setData(TEST_ID, "sync.message");
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        caption(parent, "Operations the hub refused (those after each wait here until the hub takes it)");
        rejected = table(parent, "sync.rejected", 110);
        column(rejected, "Sequence", 80, o -> String.valueOf(((RejectedOp) o).deviceSeq()));
        column(rejected, "Reason", 110, o -> ((RejectedOp) o).reason());
        column(rejected, "What the hub said", 420, o -> ((RejectedOp) o).detail());
        column(rejected, "When", 150, o -> SyncWords.time(((RejectedOp) o).rejectedAt()));
        column(rejected, "Operation", 260, o -> ((RejectedOp) o).opId());
        caption(parent, "Stock below zero after merging other workstations' dispensings (count it, then adjust)");
        negative = table(parent, "sync.negative", 110);
        column(negative, "Lot", 140, o -> ((NegativeStock) o).lot());
        column(negative, "Location", 140, o -> ((NegativeStock) o).location());
        column(negative, "On hand", 80, o -> String.valueOf(((NegativeStock) o).quantityOnHand()));
        column(negative, "Batch", 260, o -> ((NegativeStock) o).batchId());
        column(negative, "Medicine", 260, o -> ((NegativeStock) o).medicineId());
        updateActions();
        look.setSystem(true);
        running = true;
        look.schedule();
    }

    @PreDestroy
    void stop() {
        running = false;
        look.cancel();
    }

    /** Reads the state again at once (off the UI thread). */
    public void refresh() {
        if (running) {
            look.schedule();
        }
    }

    /** For tests: how many times the part has shown a fresh state. */
    public int looks() {
        return looks;
    }

    private Snapshot snapshot() {
        SyncStatus s = sync;
        WorkstationSettings w = settings;
        try {
            List<String> hubs = w == null ? List.of() : w.hubUrls();
            if (s == null) {
                return new Snapshot(null, hubs, List.of(), null);
            }
            return new Snapshot(s.state(), hubs, s.negativeStock(), null);
        } catch (RuntimeException e) {
            return new Snapshot(null, List.of(), List.of(), ErrorMessages.of(e));
        }
    }

    private void show(Snapshot s) {
        if (connection == null || connection.isDisposed()) {
            return;
        }
        SyncState st = s.state();
        connection.setText(SyncWords.connection(st));
        hub.setText(s.hubs().isEmpty() ? "none" : String.join("  then  ", s.hubs()));
        device.setText(st == null ? "" : "clinic " + st.clinicId() + ", device " + st.deviceId());
        lastSync.setText(SyncWords.lastSync(st, Instant.now()));
        backlog.setText(st == null ? "" : st.backlog() + (st.backlog() == 1 ? " operation" : " operations"));
        String err = s.problem() != null ? s.problem() : st == null ? null : st.lastError() != null ? st.lastError() : st.lastRefusal();
        lastError.setText(err == null ? "none" : err);
        rejected.setInput(st == null ? List.of() : st.rejected());
        negative.setInput(s.negative());
        syncNow.setEnabled(sync != null);
        connection.getParent().layout(true, true);
        looks++;
    }

    private void syncNow() {
        SyncStatus s = sync;
        if (s == null) {
            say("This workstation is not enrolled at a hub: there is nothing to sync with.");
            return;
        }
        syncNow.setEnabled(false);
        say("Syncing...");
        Job job = new Job("Sync now") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                String outcome;
                try {
                    SyncState after = s.syncNow().toCompletableFuture().get(SYNC_NOW_WAIT_SECONDS, TimeUnit.SECONDS);
                    outcome = after.lastError() == null ? "Synced: " + after.backlog() + " operations wait to be sent."
                            : "The sync did not finish: " + after.lastError();
                } catch (java.util.concurrent.TimeoutException e) {
                    outcome = "The hub did not answer within " + SYNC_NOW_WAIT_SECONDS + " s; the engine keeps trying.";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    outcome = "The sync was interrupted.";
                } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
                    outcome = "The sync failed: " + ErrorMessages.of(e.getCause() == null ? e : e.getCause());
                }
                String said = outcome;
                Display d = display;
                if (d != null && !d.isDisposed()) {
                    d.asyncExec(() -> {
                        say(said);
                        if (!syncNow.isDisposed()) {
                            syncNow.setEnabled(sync != null);
                        }
                        refresh();
                    });
                }
                return Status.OK_STATUS;
            }
        };
        job.schedule();
    }

    private void updateActions() {
        if (enrol == null || enrol.isDisposed()) {
            return;
        }
        Session s = session;
        boolean admin = s != null && s.grants(Permissions.DEVICE_MANAGE);
        enrol.setVisible(admin);
        ((GridData) enrol.getLayoutData()).exclude = !admin;
        enrol.getParent().layout(true);
    }

    private void say(String text) {
        if (message != null && !message.isDisposed()) {
            message.setText(text);
            message.getParent().layout(true);
        }
    }

    private static Label row(Composite parent, String caption, String testId) {
        Label c = new Label(parent, SWT.NONE);
        c.setText(caption + ":");
        Label v = new Label(parent, SWT.WRAP);
        v.setData(TEST_ID, testId);
        v.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return v;
    }

    private static void caption(Composite parent, String text) {
        Label l = new Label(parent, SWT.NONE);
        l.setText(text);
        l.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
    }

    private static TableViewer table(Composite parent, String testId, int height) {
        TableViewer v = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
        v.getTable().setData(TEST_ID, testId);
        v.getTable().setHeaderVisible(true);
        v.getTable().setLinesVisible(true);
        GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        gd.heightHint = height;
        v.getTable().setLayoutData(gd);
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
}
