package org.salus.ui.login;

import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;
import org.salus.core.access.SessionRefusedException;
import org.salus.security.Authentication;
import org.salus.security.Session;
import org.salus.security.SessionState;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Keeps the workstation's session honest: keyboard and mouse input counts as activity ({@code touch}), and once the
 * security service says the session has locked (idle time reached, or locked on purpose) the main window is hidden
 * behind the lock screen until the same user unlocks it or another user logs in. Whatever comes out of the lock screen
 * is put into the application context as the new {@link Session}.
 */
public class SessionGuard {

    /** How often the guard looks at the session. */
    static final int CHECK_MILLIS = 15_000;
    /** Input counts as activity at most this often (touch is cheap, but not free). */
    static final long TOUCH_EVERY_NANOS = 30_000_000_000L;

    @Inject
    MApplication application;

    @Inject
    @org.eclipse.e4.core.di.annotations.Optional
    @Service
    Authentication auth;

    private Display display;
    private volatile long lastInput;
    private volatile long lastTouch = System.nanoTime();
    private volatile Session session;
    private LoginDialog lockScreen;
    private final Listener input = e -> lastInput = System.nanoTime();
    private final Runnable tick = this::tick;

    @PostConstruct
    void start() {
        display = Display.getDefault();
        application.getContext().set(SessionGuard.class, this);
        for (int type : new int[] {SWT.KeyDown, SWT.MouseDown, SWT.MouseWheel, SWT.MouseMove}) {
            display.addFilter(type, input);
        }
        display.timerExec(CHECK_MILLIS, tick);
    }

    @PreDestroy
    void stop() {
        if (display != null && !display.isDisposed()) {
            for (int type : new int[] {SWT.KeyDown, SWT.MouseDown, SWT.MouseWheel, SWT.MouseMove}) {
                display.removeFilter(type, input);
            }
            display.timerExec(-1, tick);
        }
    }

    @Inject
    void sessionChanged(@org.eclipse.e4.core.di.annotations.Optional Session s) {
        session = s;
        lastTouch = System.nanoTime();
    }

    /** The lock screen while it is shown, else null. */
    public LoginDialog lockScreen() {
        return lockScreen;
    }

    /** The session this guard watches. */
    public Session session() {
        return session;
    }

    private void tick() {
        if (display.isDisposed()) {
            return;
        }
        check();
        display.timerExec(CHECK_MILLIS, tick);
    }

    /** Counts recent input as activity and shows the lock screen if the session has locked. Call on the UI thread. */
    public void check() {
        Session s = session;
        if (s == null || auth == null || lockScreen != null) {
            return;
        }
        boolean touch = lastInput - lastTouch > 0 && System.nanoTime() - lastTouch >= TOUCH_EVERY_NANOS;
        background("Session check", () -> {
            try {
                Session now = touch ? auth.touch(s.actor()) : auth.session(s.actor());
                if (touch) {
                    lastTouch = System.nanoTime();
                }
                if (now.state() == SessionState.LOCKED) {
                    ui(() -> showLockScreen(now, false));
                }
            } catch (SessionRefusedException e) {
                Optional<Session> open = auth.current();
                ui(() -> showLockScreen(open.filter(o -> o.state() == SessionState.LOCKED).orElse(null), false));
            }
        });
    }

    /** Locks the session now and shows the lock screen. */
    public void lockNow() {
        lock(false);
    }

    /** Locks the session and shows the lock screen ready for another user to log in. */
    public void switchUser() {
        lock(true);
    }

    private void lock(boolean switching) {
        Session s = session;
        if (s == null || auth == null || lockScreen != null) {
            return;
        }
        background("Lock", () -> {
            Session locked;
            try {
                locked = auth.lock(s.actor());
            } catch (SessionRefusedException e) {
                locked = auth.current().filter(o -> o.state() == SessionState.LOCKED).orElse(null);
            }
            Session shown = locked;
            ui(() -> showLockScreen(shown, switching));
        });
    }

    /**
     * Hides the main window behind the lock screen (or, when the session is gone, behind a fresh login). Does not block.
     */
    void showLockScreen(Session locked, boolean switching) {
        if (lockScreen != null) {
            return;
        }
        Shell main = mainShell();
        if (main != null) {
            main.setVisible(false);
        }
        LoginDialog dialog = new LoginDialog(null, auth, locked == null ? LoginDialog.Mode.SIGN_IN : LoginDialog.Mode.LOCKED, locked, null);
        dialog.setBlockOnOpen(false);
        lockScreen = dialog;
        dialog.create();
        if (switching && locked != null) {
            dialog.showSwitchUser();
        }
        dialog.getShell().addDisposeListener(e -> display.asyncExec(() -> afterLockScreen(dialog, main)));
        dialog.open();
    }

    private void afterLockScreen(LoginDialog dialog, Shell main) {
        lockScreen = null;
        if (dialog.quitRequested()) {
            IWorkbench workbench = application.getContext().get(IWorkbench.class);
            if (workbench != null) {
                workbench.close();
                return;
            }
        }
        dialog.session().ifPresent(this::publish);
        if (main != null && !main.isDisposed()) {
            main.setVisible(true);
            main.setActive();
        }
    }

    /** Opens the password change for the logged-in user; blocks until it closes. */
    public void changePassword(Shell parent) {
        Session s = session;
        if (s == null || auth == null) {
            return;
        }
        LoginDialog dialog = new LoginDialog(parent, auth, LoginDialog.Mode.CHANGE_PASSWORD, s, null);
        dialog.open();
        dialog.session().ifPresent(this::publish);
    }

    /** Puts a new session snapshot where parts and handlers find it. */
    void publish(Session s) {
        session = s;
        lastTouch = System.nanoTime();
        application.getContext().set(Session.class, s);
    }

    private Shell mainShell() {
        MWindow window = application.getSelectedElement();
        if (window == null && !application.getChildren().isEmpty()) {
            window = application.getChildren().get(0);
        }
        return window != null && window.getWidget() instanceof Shell shell && !shell.isDisposed() ? shell : null;
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
        if (!display.isDisposed()) {
            display.asyncExec(r);
        }
    }
}
