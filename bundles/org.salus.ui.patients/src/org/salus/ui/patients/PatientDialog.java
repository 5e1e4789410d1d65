package org.salus.ui.patients;

import java.util.function.Supplier;

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
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.salus.core.command.ClinicCommands;
import org.salus.security.Session;
import org.salus.ui.app.errors.ErrorMessages;

/**
 * A patient dialog: the command runs through {@link ClinicCommands} as the session's user, in a job, when the person
 * confirms; a refusal of the service stays in the title area in plain words (the dialog stays open to correct it),
 * and the dialog closes with a sentence saying what was recorded.
 */
public abstract class PatientDialog extends TitleAreaDialog {

    static final String TEST_ID = PatientsPart.TEST_ID;

    protected final ClinicCommands commands;
    protected final Session session;
    private final String title;
    private final String confirm;
    private String result;
    private boolean busy;

    protected PatientDialog(Shell parent, ClinicCommands commands, Session session, String title, String confirm) {
        super(parent);
        this.commands = commands;
        this.session = session;
        this.title = title;
        this.confirm = confirm;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    /** What was recorded, once the dialog closed after recording; null when nothing was. */
    public String result() {
        return result;
    }

    /** The refusal or problem shown now; empty when there is none. */
    public String problem() {
        String e = getErrorMessage();
        return e == null ? "" : e;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(title);
    }

    @Override
    public void create() {
        super.create();
        setTitle(title);
        setMessage(instructions());
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
        createFields(area);
        return outer;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        Button ok = createButton(parent, IDialogConstants.OK_ID, confirm, true);
        ok.setData(TEST_ID, testIdPrefix() + ".ok");
        Button cancel = createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
        cancel.setData(TEST_ID, testIdPrefix() + ".cancel");
    }

    /** What the title area says to do. */
    protected abstract String instructions();

    /** The prefix of this dialog's test ids ({@code register}). */
    protected abstract String testIdPrefix();

    /** Adds the fields to a two-column grid. */
    protected abstract void createFields(Composite area);

    /** Checks what only the screen can know (a date that does not parse); null when the command can be sent. */
    protected String validate() {
        return null;
    }

    /** Reads the fields (on the UI thread) and returns the work that records the command and says what was recorded. */
    protected abstract Supplier<String> command();

    @Override
    protected void okPressed() {
        if (busy) {
            return;
        }
        String problem = validate();
        if (problem != null) {
            setErrorMessage(problem);
            return;
        }
        Supplier<String> work = command();
        busy = true;
        enableOk(false);
        setErrorMessage(null);
        setMessage("Recording...");
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
                        enableOk(true);
                        setMessage(instructions());
                        setErrorMessage(ErrorMessages.of(e));
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

    private void enableOk(boolean enabled) {
        Button ok = getButton(IDialogConstants.OK_ID);
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

    // ---- field helpers ----

    protected static Label caption(Composite parent, String text) {
        Label l = new Label(parent, SWT.NONE);
        l.setText(text);
        l.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        return l;
    }

    /** A captioned one-line text field. */
    protected Text field(Composite parent, String caption, String testId, String value, String hint) {
        caption(parent, caption);
        Text t = new Text(parent, SWT.BORDER | SWT.SINGLE);
        t.setData(TEST_ID, testIdPrefix() + "." + testId);
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.widthHint = 320;
        t.setLayoutData(d);
        if (value != null) {
            t.setText(value);
        }
        if (hint != null) {
            t.setMessage(hint);
        }
        return t;
    }

    /** A captioned multi-line text field. */
    protected Text area(Composite parent, String caption, String testId, String value, int lines) {
        Label l = caption(parent, caption);
        l.setLayoutData(new GridData(SWT.BEGINNING, SWT.TOP, false, false));
        Text t = new Text(parent, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
        t.setData(TEST_ID, testIdPrefix() + "." + testId);
        GridData d = new GridData(SWT.FILL, SWT.FILL, true, true);
        d.widthHint = 460;
        d.heightHint = t.getLineHeight() * lines;
        t.setLayoutData(d);
        if (value != null) {
            t.setText(value);
        }
        return t;
    }

    /** A captioned combo; editable ones accept text beside the choices. */
    protected Combo combo(Composite parent, String caption, String testId, boolean editable, String... items) {
        caption(parent, caption);
        Combo c = new Combo(parent, editable ? SWT.DROP_DOWN | SWT.BORDER : SWT.READ_ONLY | SWT.DROP_DOWN);
        c.setData(TEST_ID, testIdPrefix() + "." + testId);
        c.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        c.setItems(items);
        c.setVisibleItemCount(15);
        return c;
    }

    /** A captioned read-only line that names what the dialog acts on. */
    protected Label fact(Composite parent, String caption, String testId, String text) {
        caption(parent, caption);
        Label l = new Label(parent, SWT.WRAP);
        l.setData(TEST_ID, testIdPrefix() + "." + testId);
        l.setText(text);
        l.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return l;
    }

    /** A field's text, trimmed; null when blank. */
    protected static String value(Text t) {
        String s = t.getText().trim();
        return s.isEmpty() ? null : s;
    }

    /** A combo's text, trimmed; null when blank. */
    protected static String value(Combo c) {
        String s = c.getText().trim();
        return s.isEmpty() ? null : s;
    }
}
