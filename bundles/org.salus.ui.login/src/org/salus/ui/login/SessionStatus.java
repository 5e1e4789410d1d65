package org.salus.ui.login;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.salus.security.Session;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/** The status bar: who is logged in, in which roles, and whether the login was checked without the hub. */
public class SessionStatus {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private Label label;
    private Session session;

    @PostConstruct
    void create(Composite parent) {
        label = new Label(parent, SWT.NONE);
        label.setData(LoginDialog.TEST_ID, "status.user");
        update();
        // the window manager may settle the window's size after the first layout, which leaves the bottom trim outside
        parent.getShell().addListener(SWT.Activate, new org.eclipse.swt.widgets.Listener() {
            @Override
            public void handleEvent(org.eclipse.swt.widgets.Event e) {
                Shell shell = (Shell) e.widget;
                shell.removeListener(SWT.Activate, this);
                shell.getDisplay().asyncExec(() -> {
                    if (!shell.isDisposed()) {
                        shell.layout(true, true);
                    }
                });
            }
        });
    }

    @Inject
    void sessionChanged(@Optional Session s) {
        session = s;
        update();
    }

    /** The status text for a session. */
    public static String text(Session s) {
        if (s == null) {
            return "Nobody is logged in";
        }
        return "Logged in as " + s.displayName() + " (" + s.username() + ")  |  role: " + String.join(", ", s.roleIds().stream().sorted().toList())
                + "  |  since " + TIME.format(s.openedAt().atZone(ZoneId.systemDefault()))
                // how this login was checked, not the link now (the sync status beside it says that)
                + (s.offline() ? "  |  logged in offline, without the hub" : "");
    }

    private void update() {
        if (label != null && !label.isDisposed()) {
            label.setText(text(session));
            label.getParent().requestLayout();
        }
    }
}
