package org.salus.ui.sync;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.salus.device.Enrolled;
import org.salus.device.Enrolment;
import org.salus.device.EnrolmentTicket;
import org.salus.security.Session;
import org.salus.ui.app.errors.ErrorMessages;

/**
 * Joins this workstation to a hub: the administrator types the hub's address and the pairing code the hub showed; the
 * dialog asks the hub and waits, in a job, for the hub's administrator to approve. The enrolment service checks the
 * administrator's permission; this dialog only asks.
 */
public class EnrolDialog extends Dialog {

    public static final String TEST_ID = "org.salus.testid";
    /** How long the dialog waits for the hub's administrator. */
    static final Duration PATIENCE = Duration.ofMinutes(30);

    private final Enrolment enrolment;
    private final Session session;
    private Text hub;
    private Text brokers;
    private Text code;
    private Text name;
    private Label message;
    private volatile Job running;
    private volatile Enrolled result;

    public EnrolDialog(Shell parent, Enrolment enrolment, Session session) {
        super(parent);
        this.enrolment = enrolment;
        this.session = session;
        setBlockOnOpen(false);
    }

    /** Opens the dialog (it does not block); says so when enrolment is not available. */
    public static EnrolDialog open(Shell parent, Enrolment enrolment, Session session) {
        EnrolDialog d = new EnrolDialog(parent, enrolment, session);
        d.open();
        return d;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Enrol this workstation at a hub");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(2, false));
        Label intro = new Label(area, SWT.WRAP);
        intro.setText("On the hub, run salus-hub-admin pair <clinic> and type the code it shows here. The hub's administrator then"
                + " approves this workstation (salus-hub-admin approve <request>).");
        GridData introData = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
        introData.widthHint = 520;
        intro.setLayoutData(introData);
        hub = field(area, "Hub address", "enrol.hub", "hub.clinic.local or http://10.0.0.5:8180");
        brokers = field(area, "Sync targets (optional)", "enrol.brokers", "tcp://hub.clinic.local:1883, then others, comma-separated");
        code = field(area, "Pairing code", "enrol.code", "K7QM-3XWD");
        name = field(area, "This workstation's name", "enrol.name", "front desk");
        message = new Label(area, SWT.WRAP);
        message.setData(TEST_ID, "enrol.message");
        GridData md = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
        md.widthHint = 520;
        message.setLayoutData(md);
        if (enrolment == null) {
            message.setText("The enrolment service (org.salus.device) is not running on this workstation.");
        }
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        Button ask = createButton(parent, IDialogConstants.OK_ID, "Ask to join", true);
        ask.setData(TEST_ID, "enrol.submit");
        ask.setEnabled(enrolment != null);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CLOSE_LABEL, false).setData(TEST_ID, "enrol.close");
    }

    @Override
    protected void okPressed() {
        if (running != null) {
            return;
        }
        Session s = session;
        if (s == null) {
            say("Nobody is logged in.");
            return;
        }
        String hubText = hub.getText();
        List<String> brokerList = Arrays.stream(brokers.getText().split("[,\\s]+")).filter(t -> !t.isBlank()).toList();
        String codeText = code.getText();
        String nameText = name.getText();
        getButton(IDialogConstants.OK_ID).setEnabled(false);
        say("Asking the hub...");
        Job job = new Job("Enrolling this workstation") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    EnrolmentTicket t = enrolment.request(s.actor(), hubText, brokerList, codeText, nameText);
                    ui("The hub has request " + t.requestId() + " for device " + t.deviceId()
                            + ". Waiting for the hub's administrator to approve it (salus-hub-admin approve " + t.requestId() + ")...", false);
                    Enrolled e = enrolment.awaitApproval(s.actor(), t, PATIENCE);
                    result = e;
                    ui("Enrolled: this workstation is device " + e.deviceId() + " of clinic " + e.clinicId() + " and syncs with "
                            + String.join(", then ", e.hubUrls()) + ".", false);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ui("Stopped waiting.", true);
                } catch (RuntimeException e) {
                    ui(ErrorMessages.of(e), true);
                } finally {
                    running = null;
                }
                return Status.OK_STATUS;
            }
        };
        running = job;
        job.schedule();
    }

    @Override
    public boolean close() {
        Job j = running;
        if (j != null) {
            j.cancel();
            Thread t = j.getThread();
            if (t != null) {
                t.interrupt();
            }
        }
        return super.close();
    }

    /** What the enrolment ended with, once it has. */
    public Enrolled result() {
        return result;
    }

    private void ui(String text, boolean again) {
        Shell shell = getShell();
        if (shell == null || shell.isDisposed()) {
            return;
        }
        shell.getDisplay().asyncExec(() -> {
            say(text);
            Button ok = getButton(IDialogConstants.OK_ID);
            if (ok != null && !ok.isDisposed()) {
                ok.setEnabled(again);
            }
        });
    }

    private void say(String text) {
        if (message != null && !message.isDisposed()) {
            message.setText(text);
            message.getParent().layout(true);
            getShell().pack();
        }
    }

    private static Text field(Composite area, String caption, String testId, String hint) {
        new Label(area, SWT.NONE).setText(caption + ":");
        Text t = new Text(area, SWT.BORDER | SWT.SINGLE);
        t.setData(TEST_ID, testId);
        t.setMessage(hint);
        GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        gd.widthHint = 340;
        t.setLayoutData(gd);
        return t;
    }
}
