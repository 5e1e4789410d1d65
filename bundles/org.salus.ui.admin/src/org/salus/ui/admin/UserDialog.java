package org.salus.ui.admin;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
import org.salus.core.command.InvalidInputException;
import org.salus.security.RoleInfo;
import org.salus.security.Session;
import org.salus.security.UserAdministration;
import org.salus.security.UserInfo;
import org.salus.ui.app.errors.ErrorMessages;

/**
 * Creates a user, changes a user's roles, or sets a temporary password. The change is recorded in a job; a refusal
 * (a name taken, a weak password, a change that would leave nobody able to administer) keeps the dialog open.
 */
public class UserDialog extends Dialog {

    /** Key under which widgets carry a stable id for tests. */
    public static final String TEST_ID = UsersPart.TEST_ID;

    /** What the dialog does. */
    public enum Kind {
        CREATE("New user", "Create"),
        ROLES("Roles", "Save"),
        RESET("Reset password", "Set temporary password");

        final String title;
        final String confirm;

        Kind(String title, String confirm) {
            this.title = title;
            this.confirm = confirm;
        }
    }

    private final UserAdministration users;
    private final Session admin;
    private final Kind kind;
    private final UserInfo user;
    private final List<RoleInfo> roles;
    private final Map<String, Button> roleChecks = new LinkedHashMap<>();

    private Text username;
    private Text displayName;
    private Text password;
    private Text repeat;
    private Label message;
    private String result;
    private boolean busy;

    /**
     * @param user the user changed (null when creating one)
     * @param roles every role of the clinic
     */
    public UserDialog(Shell parent, UserAdministration users, Session admin, Kind kind, UserInfo user, List<RoleInfo> roles) {
        super(parent);
        this.users = users;
        this.admin = admin;
        this.kind = kind;
        this.user = user;
        this.roles = List.copyOf(roles);
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    /** What was recorded, once the dialog closed after recording; null otherwise. */
    public String result() {
        return result;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(kind.title + (user == null ? "" : ": " + user.username()));
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(2, false));
        if (kind == Kind.CREATE) {
            username = field(area, "Login name:", "user.username", SWT.NONE);
            displayName = field(area, "Name to show:", "user.displayName", SWT.NONE);
        }
        if (kind == Kind.CREATE || kind == Kind.ROLES) {
            Label caption = new Label(area, SWT.NONE);
            caption.setText("Roles:");
            caption.setLayoutData(new GridData(SWT.BEGINNING, SWT.TOP, false, false));
            Composite box = new Composite(area, SWT.NONE);
            box.setLayout(new GridLayout(1, false));
            for (RoleInfo r : roles) {
                Button check = new Button(box, SWT.CHECK);
                check.setText(r.name() + " - " + r.description());
                check.setData(TEST_ID, "user.role." + r.id());
                check.setSelection(user != null && user.roleIds().contains(r.id()));
                roleChecks.put(r.id(), check);
            }
        }
        if (kind == Kind.CREATE || kind == Kind.RESET) {
            password = field(area, kind == Kind.CREATE ? "First password:" : "Temporary password:", "user.password", SWT.PASSWORD);
            repeat = field(area, "Repeat it:", "user.repeat", SWT.PASSWORD);
            Label note = new Label(area, SWT.WRAP);
            GridData noteData = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
            noteData.widthHint = 460;
            note.setLayoutData(noteData);
            note.setText("Tell the person this password in private; they must choose their own at their next login. It needs at"
                    + " least 10 characters and may not contain the login name.");
        }
        message = new Label(area, SWT.WRAP);
        message.setData(TEST_ID, "user.message");
        GridData messageData = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        messageData.widthHint = 460;
        message.setLayoutData(messageData);
        message.setForeground(area.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        return area;
    }

    private static Text field(Composite parent, String caption, String testId, int style) {
        new Label(parent, SWT.NONE).setText(caption);
        Text t = new Text(parent, SWT.BORDER | SWT.SINGLE | style);
        t.setData(TEST_ID, testId);
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
        data.widthHint = 260;
        t.setLayoutData(data);
        return t;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, kind.confirm, true).setData(TEST_ID, "user.ok");
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false).setData(TEST_ID, "user.cancel");
    }

    @Override
    protected void okPressed() {
        if (busy) {
            return;
        }
        Set<String> chosen = new TreeSet<>();
        roleChecks.forEach((id, check) -> {
            if (check.getSelection()) {
                chosen.add(id);
            }
        });
        char[] pw = password == null ? null : password.getTextChars();
        char[] again = repeat == null ? null : repeat.getTextChars();
        if (pw != null && !Arrays.equals(pw, again)) {
            Arrays.fill(pw, '\0');
            Arrays.fill(again, '\0');
            say("The two passwords differ; type the same password twice.");
            return;
        }
        if (again != null) {
            Arrays.fill(again, '\0');
        }
        if ((kind == Kind.CREATE || kind == Kind.ROLES) && chosen.isEmpty()) {
            say("Give at least one role.");
            return;
        }
        String name = username == null ? null : username.getText().trim();
        String shown = displayName == null ? null : displayName.getText().trim();
        busy = true;
        getButton(IDialogConstants.OK_ID).setEnabled(false);
        say("Recording...");
        Job job = new Job(kind.title) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    String done = switch (kind) {
                        case CREATE -> {
                            UserInfo u = users.createUser(admin.actor(), name, shown, chosen, pw);
                            yield "Created " + u.username() + " (" + String.join(", ", u.roleIds()) + "); they choose their own password at"
                                    + " their first login.";
                        }
                        case ROLES -> {
                            UserInfo u = users.changeRoles(admin.actor(), user.id(), chosen);
                            yield user.username() + " now has the roles " + String.join(", ", u.roleIds()) + ".";
                        }
                        case RESET -> {
                            users.resetPassword(admin.actor(), user.id(), pw);
                            yield user.username() + " has a temporary password and chooses a new one at the next login.";
                        }
                    };
                    ui(() -> {
                        result = done;
                        busy = false;
                        close();
                    });
                } catch (RuntimeException e) {
                    ui(() -> {
                        busy = false;
                        getButton(IDialogConstants.OK_ID).setEnabled(true);
                        say(e instanceof InvalidInputException invalid ? "Not accepted: " + invalid.reason() : ErrorMessages.of(e));
                    });
                } finally {
                    if (pw != null) {
                        Arrays.fill(pw, '\0');
                    }
                }
                return Status.OK_STATUS;
            }
        };
        job.setSystem(true);
        job.schedule();
    }

    /** The message shown now. */
    public String message() {
        return message.isDisposed() ? "" : message.getText();
    }

    private void say(String text) {
        message.setText(text);
        getShell().layout(true, true);
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
