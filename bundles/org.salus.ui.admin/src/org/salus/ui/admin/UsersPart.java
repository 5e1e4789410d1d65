package org.salus.ui.admin;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
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
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.salus.security.RoleInfo;
import org.salus.security.Session;
import org.salus.security.UserAdministration;
import org.salus.security.UserInfo;
import org.salus.ui.app.errors.ErrorMessages;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The clinic's users, for an administrator: create them with their roles and a first password, change roles, set a
 * temporary password, unlock an account that failed logins locked, disable or enable an account. Every change is an
 * operation the security service records and checks.
 */
public class UsersPart {

    /** The part's id in the application model. */
    public static final String ID = "org.salus.ui.admin.users";
    /** Key under which widgets carry a stable id for tests. */
    public static final String TEST_ID = "org.salus.testid";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private volatile UserAdministration users;
    private volatile Session session;

    private Display display;
    private TableViewer table;
    private Label message;
    private Button roles;
    private Button reset;
    private Button unlock;
    private Button enable;
    private List<UserInfo> shown = List.of();
    private List<RoleInfo> clinicRoles = List.of();
    private volatile int loads;

    @Inject
    void setUsers(@Optional @Service UserAdministration u) {
        users = u;
        refreshLater();
    }

    @Inject
    void setSession(@Optional Session s) {
        session = s;
        refreshLater();
    }

    @PostConstruct
    public void createControls(Composite parent) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(1, false));
        Composite buttons = new Composite(parent, SWT.NONE);
        buttons.setLayout(new GridLayout(6, false));
        button(buttons, "users.create", "New user...", this::openCreate);
        roles = button(buttons, "users.roles", "Roles...", () -> openFor(UserDialog.Kind.ROLES));
        reset = button(buttons, "users.reset", "Reset password...", () -> openFor(UserDialog.Kind.RESET));
        unlock = button(buttons, "users.unlock", "Unlock", () -> change("Unlock", u -> users.unlockAccount(session.actor(), u.id()),
                u -> u.username() + " can log in again."));
        enable = button(buttons, "users.enable", "Disable", () -> change("Enable or disable",
                u -> users.setEnabled(session.actor(), u.id(), !u.enabled()),
                u -> u.username() + (u.enabled() ? " is disabled." : " is enabled again.")));
        button(buttons, "users.refresh", "Refresh", this::refresh);

        table = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
        table.getTable().setData(TEST_ID, "users.table");
        table.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.getTable().setHeaderVisible(true);
        table.getTable().setLinesVisible(true);
        table.setContentProvider(ArrayContentProvider.getInstance());
        column("Login", 120, UserInfo::username);
        column("Name", 180, UserInfo::displayName);
        column("Roles", 180, u -> String.join(", ", u.roleIds().stream().sorted().toList()));
        column("Account", 220, UsersPart::state);
        column("Failed logins", 100, u -> String.valueOf(u.failedLogins()));
        column("Last login", 140, u -> u.lastLoginAt() == null ? "never" : TIME.format(u.lastLoginAt().atZone(ZoneId.systemDefault())));
        table.addSelectionChangedListener(e -> updateButtons());

        message = new Label(parent, SWT.WRAP);
        message.setData(TEST_ID, "users.message");
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        updateButtons();
        refresh();
    }

    /** How an account stands, in words. */
    static String state(UserInfo u) {
        if (!u.enabled()) {
            return u.setupAccount() ? "retired (setup account)" : "disabled";
        }
        if (u.locked()) {
            return "locked after failed logins";
        }
        return u.mustChangePassword() ? "must choose a password" : "active";
    }

    /** Reloads the users and the roles in a job. */
    public void refresh() {
        UserAdministration u = users;
        Session s = session;
        if (table == null || table.getTable().isDisposed() || u == null || s == null) {
            return;
        }
        background("Loading users", () -> {
            try {
                List<UserInfo> found = u.users(s.actor());
                List<RoleInfo> r = u.roles(s.actor());
                ui(() -> {
                    shown = found;
                    clinicRoles = r;
                    table.setInput(found);
                    updateButtons();
                    loads++;
                });
            } catch (RuntimeException e) {
                ui(() -> {
                    say(ErrorMessages.of(e));
                    loads++;
                });
            }
        });
    }

    /** Opens the dialog for a new user (not blocking). */
    public UserDialog openCreate() {
        return open(new UserDialog(table.getTable().getShell(), users, session, UserDialog.Kind.CREATE, null, clinicRoles));
    }

    private UserDialog openFor(UserDialog.Kind kind) {
        UserInfo u = selected();
        return u == null ? null : open(new UserDialog(table.getTable().getShell(), users, session, kind, u, clinicRoles));
    }

    private UserDialog open(UserDialog dialog) {
        if (users == null || session == null) {
            say("The security service is not running, or nobody is logged in.");
            return null;
        }
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

    private void change(String name, Function<UserInfo, UserInfo> work, Function<UserInfo, String> done) {
        UserInfo u = selected();
        if (u == null) {
            return;
        }
        background(name, () -> {
            try {
                work.apply(u);
                ui(() -> {
                    say(done.apply(u));
                    refresh();
                });
            } catch (RuntimeException e) {
                ui(() -> say(ErrorMessages.of(e)));
            }
        });
    }

    /** Selects a user of the table by login name. */
    public boolean select(String username) {
        for (UserInfo u : shown) {
            if (u.username().equals(username)) {
                table.setSelection(new org.eclipse.jface.viewers.StructuredSelection(u), true);
                updateButtons();
                return true;
            }
        }
        return false;
    }

    /** The users shown now. */
    public List<UserInfo> users() {
        return shown;
    }

    /** How many loads have finished (tests wait on it). */
    public int loadCount() {
        return loads;
    }

    private UserInfo selected() {
        Object first = ((IStructuredSelection) table.getSelection()).getFirstElement();
        return first instanceof UserInfo u ? u : null;
    }

    private void updateButtons() {
        UserInfo u = selected();
        roles.setEnabled(u != null && !u.setupAccount());
        reset.setEnabled(u != null);
        unlock.setEnabled(u != null && u.locked());
        enable.setEnabled(u != null);
        enable.setText(u != null && !u.enabled() ? "Enable" : "Disable");
        enable.getParent().layout(true);
    }

    private Button button(Composite parent, String testId, String text, Runnable run) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setData(TEST_ID, testId);
        b.addListener(SWT.Selection, e -> run.run());
        return b;
    }

    private void column(String title, int width, Function<UserInfo, String> text) {
        TableViewerColumn c = new TableViewerColumn(table, SWT.NONE);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((UserInfo) element);
            }
        });
    }

    private void say(String text) {
        if (message != null && !message.isDisposed()) {
            message.setText(text);
            message.getParent().layout(true);
        }
    }

    private void refreshLater() {
        if (display != null && !display.isDisposed()) {
            display.asyncExec(this::refresh);
        }
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
}
