package org.salus.ui.conflicts;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.salus.core.command.ResolveConflict;
import org.salus.core.conflict.ClinicConflicts;
import org.salus.core.conflict.ConflictResolvedException;
import org.salus.core.conflict.RegisterConflict;
import org.salus.security.Session;
import org.salus.ui.app.errors.ErrorMessages;
import org.salus.ui.conflicts.ConflictsPart.ConflictRow;

/**
 * Resolves one conflict: keep one change, keep the other, or type the right value. The resolution is recorded by the
 * core as the signed-in user, in a job; a refusal stays in the title area in plain words and the dialog stays open.
 */
public class ResolveDialog extends TitleAreaDialog {

    static final String TEST_ID = ConflictsPart.TEST_ID;

    private final ClinicConflicts conflicts;
    private final Session session;
    private final ConflictRow row;
    private Button left;
    private Button right;
    private Button merged;
    private Text value;
    private String result;
    private boolean busy;

    public ResolveDialog(Shell parent, ClinicConflicts conflicts, Session session, ConflictRow row) {
        super(parent);
        this.conflicts = conflicts;
        this.session = session;
        this.row = row;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Resolve a conflict");
    }

    @Override
    public void create() {
        super.create();
        setTitle("Resolve: " + Words.field(row.conflict().field()) + " of " + row.record());
        setMessage(instructions());
    }

    private String instructions() {
        return "Two workstations changed this field while apart. Choose the value that is right; it replaces both everywhere.";
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite outer = (Composite) super.createDialogArea(parent);
        Composite area = new Composite(outer, SWT.NONE);
        area.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = 10;
        layout.marginHeight = 10;
        area.setLayout(layout);
        RegisterConflict k = row.conflict();
        left = choice(area, "resolve.left", "Keep '" + Words.value(k.left().value()) + "'", "by " + ConflictsPart.whoInFull(k.left()));
        right = choice(area, "resolve.right", "Keep '" + Words.value(k.right().value()) + "'", "by " + ConflictsPart.whoInFull(k.right()) + " (shown now)");
        merged = new Button(area, SWT.RADIO);
        merged.setText("Another value:");
        merged.setData(TEST_ID, "resolve.merged");
        value = new Text(area, SWT.BORDER | SWT.SINGLE);
        value.setData(TEST_ID, "resolve.value");
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.widthHint = 300;
        value.setLayoutData(d);
        value.setMessage(hint(k.field()));
        value.setText(k.right().value() == null ? "" : k.right().value());
        value.addListener(SWT.Modify, e -> {
            if (!merged.getSelection() && value.isFocusControl()) {
                left.setSelection(false);
                right.setSelection(false);
                merged.setSelection(true);
            }
        });
        right.setSelection(true);
        return outer;
    }

    private static String hint(String field) {
        return switch (field) {
            case "birthDate" -> "year-month-day, such as 1980-05-17";
            case "sex" -> "female, male, other or unknown";
            case "critical" -> "true or false";
            case "reorderLevel" -> "a whole number";
            default -> "the right value";
        };
    }

    private static Button choice(Composite area, String testId, String text, String who) {
        Button b = new Button(area, SWT.RADIO);
        b.setText(text);
        b.setData(TEST_ID, testId);
        Label l = new Label(area, SWT.NONE);
        l.setText(who);
        l.setData(TEST_ID, testId + ".who");
        return b;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        Button ok = createButton(parent, IDialogConstants.OK_ID, "Resolve", true);
        ok.setData(TEST_ID, "resolve.ok");
        Button cancel = createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
        cancel.setData(TEST_ID, "resolve.cancel");
    }

    /** What was recorded, once the dialog closed after recording; null when nothing was. */
    public String result() {
        return result;
    }

    /** The refusal shown now; empty when there is none. */
    public String problem() {
        String e = getErrorMessage();
        return e == null ? "" : e;
    }

    /** The choice the buttons make now. */
    ResolveConflict.Choice choice() {
        return left.getSelection() ? ResolveConflict.Choice.LEFT : merged.getSelection() ? ResolveConflict.Choice.MERGED : ResolveConflict.Choice.RIGHT;
    }

    @Override
    protected void okPressed() {
        if (busy) {
            return;
        }
        ResolveConflict.Choice c = choice();
        String typed = value.getText();
        RegisterConflict k = row.conflict();
        String chosen = switch (c) {
            case LEFT -> Words.value(k.left().value());
            case RIGHT -> Words.value(k.right().value());
            case MERGED -> typed.strip();
        };
        busy = true;
        enable(false);
        setErrorMessage(null);
        setMessage("Recording...");
        Job job = new Job("Resolving a conflict") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    conflicts.resolve(session.actor(), k.id(), c, c == ResolveConflict.Choice.MERGED ? typed : null);
                    String done = "Resolved: " + Words.field(k.field()) + " of " + row.record() + " is now '" + chosen + "' on every workstation.";
                    ui(() -> {
                        result = done;
                        busy = false;
                        close();
                    });
                } catch (RuntimeException e) {
                    String problem = e instanceof ConflictResolvedException ? e.getMessage() : ErrorMessages.of(e);
                    ui(() -> {
                        busy = false;
                        enable(true);
                        setMessage(instructions());
                        setErrorMessage(problem);
                    });
                }
                return Status.OK_STATUS;
            }
        };
        job.setSystem(true);
        job.schedule();
    }

    @Override
    protected void cancelPressed() {
        if (!busy) {
            super.cancelPressed();
        }
    }

    private void enable(boolean enabled) {
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null && !ok.isDisposed()) {
            ok.setEnabled(enabled);
        }
    }

    private void ui(Runnable r) {
        Shell shell = getShell();
        if (shell != null && !shell.isDisposed()) {
            shell.getDisplay().asyncExec(() -> {
                if (!shell.isDisposed()) {
                    r.run();
                }
            });
        }
    }
}
