package org.salus.ui.stock;

import java.util.function.Supplier;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.salus.ui.app.errors.ErrorMessages;

/**
 * A stock dialog: the command runs in a job when the person confirms, the dialog stays open with the service's
 * refusal in plain words, and closes with a sentence saying what was recorded.
 */
abstract class StockDialog extends Dialog {

    static final String TEST_ID = StockPart.TEST_ID;

    private final String title;
    private final String confirm;
    private Label message;
    private String result;
    private boolean busy;

    StockDialog(Shell parent, String title, String confirm) {
        super(parent);
        this.title = title;
        this.confirm = confirm;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    /** What was recorded, once the dialog closed after recording; null when nothing was. */
    public String result() {
        return result;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(title);
    }

    /** Adds the message line (red for refusals) under the fields. */
    protected Label createMessage(Composite parent, String testId, int span) {
        message = new Label(parent, SWT.WRAP);
        message.setData(TEST_ID, testId);
        GridData data = new GridData(SWT.FILL, SWT.TOP, true, false, span, 1);
        data.widthHint = 480;
        message.setLayoutData(data);
        message.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        return message;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        Button ok = createButton(parent, IDialogConstants.OK_ID, confirm, true);
        ok.setData(TEST_ID, testIdPrefix() + ".ok");
        Button cancel = createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
        cancel.setData(TEST_ID, testIdPrefix() + ".cancel");
    }

    /** The prefix of this dialog's test ids ({@code receive}). */
    protected abstract String testIdPrefix();

    /** Checks the fields; returns the problem in plain words, or null when the command can run. */
    protected abstract String validate();

    /** Runs the command (in a job) and returns the sentence saying what was recorded. */
    protected abstract Supplier<String> command();

    @Override
    protected void okPressed() {
        if (busy) {
            return;
        }
        String problem = validate();
        if (problem != null) {
            say(problem);
            return;
        }
        Supplier<String> work = command();
        busy = true;
        setEnabled(false);
        say("Recording...");
        Job job = new Job(title) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    String done = work.get();
                    ui(() -> {
                        result = done;
                        busy = false;
                        close();
                    });
                } catch (RuntimeException e) {
                    ui(() -> {
                        busy = false;
                        setEnabled(true);
                        say(ErrorMessages.of(e));
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

    /** Shows a message under the fields. */
    protected void say(String text) {
        if (message != null && !message.isDisposed()) {
            message.setText(text);
            getShell().layout(true, true);
        }
    }

    /** The message shown now. */
    public String message() {
        return message == null || message.isDisposed() ? "" : message.getText();
    }

    private void setEnabled(boolean enabled) {
        Control ok = getButton(IDialogConstants.OK_ID);
        if (ok != null && !ok.isDisposed()) {
            ok.setEnabled(enabled);
        }
    }

    /** Runs on the UI thread if the dialog is still open. */
    protected void ui(Runnable r) {
        Shell shell = getShell();
        if (shell != null && !shell.isDisposed()) {
            shell.getDisplay().asyncExec(() -> {
                if (!shell.isDisposed()) {
                    r.run();
                }
            });
        }
    }

    /** A label and the control after it, in a two-column grid. */
    protected static Label caption(Composite parent, String text) {
        Label l = new Label(parent, SWT.NONE);
        l.setText(text);
        l.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        return l;
    }

    protected static GridData fill() {
        return new GridData(SWT.FILL, SWT.CENTER, true, false);
    }
}
