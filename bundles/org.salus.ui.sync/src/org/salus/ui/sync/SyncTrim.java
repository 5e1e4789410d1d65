package org.salus.ui.sync;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.salus.sync.mqtt.SyncState;
import org.salus.sync.mqtt.SyncStatus;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The status bar's sync field: online or offline, and how many of this workstation's operations the hub has not
 * acknowledged yet. The state is read by a background job every {@value #EVERY_MILLIS} ms; the UI thread only sets
 * the text.
 */
public class SyncTrim {

    public static final String TEST_ID = "org.salus.testid";
    static final long EVERY_MILLIS = 2_000;

    private volatile SyncStatus sync;
    private Label label;
    private Display display;
    private volatile boolean running;
    private final Job look = new Job("Sync status") {
        @Override
        protected IStatus run(IProgressMonitor monitor) {
            SyncStatus s = sync;
            SyncState state = null;
            try {
                state = s == null ? null : s.state();
            } catch (RuntimeException e) {
                // the engine is going away: shown as not enrolled until the next look
            }
            String text = SyncWords.statusLine(state);
            boolean online = state != null && state.connected();
            Display d = display;
            if (d != null && !d.isDisposed()) {
                d.asyncExec(() -> show(text, online));
            }
            if (running) {
                schedule(EVERY_MILLIS);
            }
            return Status.OK_STATUS;
        }
    };

    @Inject
    void setSync(@Optional @Service SyncStatus s) {
        sync = s;
        if (running) {
            look.schedule();
        }
    }

    @PostConstruct
    public void create(Composite parent) {
        display = parent.getDisplay();
        Composite box = new Composite(parent, SWT.NONE);
        // a line between this field and the one before it in the status bar (who is logged in)
        GridLayout layout = new GridLayout(2, false);
        layout.marginHeight = 0;
        layout.marginWidth = 8;
        layout.horizontalSpacing = 8;
        box.setLayout(layout);
        Label line = new Label(box, SWT.SEPARATOR | SWT.VERTICAL);
        label = new Label(box, SWT.NONE);
        label.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        // as high as a line of text, not a separator's default height, so the status bar keeps its height
        GridData lineData = new GridData(SWT.CENTER, SWT.CENTER, false, false);
        lineData.heightHint = label.computeSize(SWT.DEFAULT, SWT.DEFAULT).y;
        line.setLayoutData(lineData);
        label.setData(TEST_ID, "status.sync");
        label.setText(SyncWords.statusLine(null) + "   ");
        look.setSystem(true);
        running = true;
        look.schedule();
    }

    @PreDestroy
    public void stop() {
        running = false;
        look.cancel();
    }

    private void show(String text, boolean online) {
        if (label == null || label.isDisposed()) {
            return;
        }
        String padded = text + "   ";
        if (!padded.equals(label.getText())) {
            label.setText(padded);
            label.setToolTipText(online ? "This workstation is connected to its hub" : "This workstation works offline; its work is sent once the hub can be reached");
            label.getParent().getParent().layout(true, true);
        }
    }

    /** For tests: the text shown now. */
    public String text() {
        return label.getText().trim();
    }
}
