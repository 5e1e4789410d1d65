package org.salus.ui.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.salus.core.access.SessionRefusedException;
import org.salus.core.command.InvalidInputException;
import org.salus.core.command.StoreUnavailableException;
import org.salus.security.Authentication;
import org.salus.security.LoginRefusedException;
import org.salus.security.SecurityUnavailableException;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.ui.app.errors.ErrorMessages;

/**
 * Who works at the workstation: the login (with the first run's one-time password and a required password change),
 * the lock screen (unlock as the same user, or switch user), and a voluntary password change. Every check runs in a
 * job; the dialog only shows what the security service answered.
 */
public class LoginDialog extends Dialog {

    /** System property that makes the dialog print {@code Salus login ready} once it accepts input (for benchmarks). */
    private static final String REPORT_READY = "salus.reportReady";

    /** Key under which widgets carry a stable id for tests. */
    public static final String TEST_ID = "org.salus.testid";

    /** What the dialog is for. */
    public enum Mode {
        /** Nobody is logged in: log in (first run included). */
        SIGN_IN,
        /** The session is locked: the same user unlocks it, or another user logs in. */
        LOCKED,
        /** The logged-in user sets a new password. */
        CHANGE_PASSWORD
    }

    /** Prepares a new clinic with demo data instead of showing the setup password (see {@code salus.demo}). */
    public interface FirstRunHook {
        /** Whether the hook takes over the first run. */
        boolean wanted();

        /**
         * Seeds the clinic using the setup account, reporting progress; returns what to tell the person at the login.
         */
        String seed(SetupAccount setup, Consumer<String> progress);

        /** A hint to show on every login of a clinic seeded this way, or null. */
        String hint();
    }

    private static final long RETRY_MILLIS = 1000;
    private static final int WIDTH = 560;

    private final Authentication auth;
    private final Mode mode;
    private final Session current;
    private final FirstRunHook firstRunHook;

    private Session result;
    private boolean quitRequested;
    private volatile boolean closing;
    // what the user typed to log in, kept until a required password change is done
    private char[] typedPassword;
    private Session mustChange;

    private Composite pages;
    private Composite shown;
    private Composite signInPage;
    private Composite lockedPage;
    private Composite changePage;
    private Label banner;
    private Label offline;
    private Label message;
    private Composite setupBox;
    private Label setupPassword;
    private Label hint;
    private Text user;
    private Text password;
    private Button logIn;
    private Button back;
    private Text unlockPassword;
    private Button unlock;
    private Text currentPassword;
    private Label currentLabel;
    private Text newPassword;
    private Text repeatPassword;
    private Button setPassword;
    private Font titleFont;
    private Color warnBackground;

    /**
     * @param parent the parent shell, or null for a top-level window
     * @param auth the security service
     * @param mode what the dialog is for
     * @param current the locked session ({@link Mode#LOCKED}) or the session whose password changes
     *        ({@link Mode#CHANGE_PASSWORD}); null for {@link Mode#SIGN_IN}
     * @param firstRunHook takes over the first run (demo data), or null
     */
    public LoginDialog(Shell parent, Authentication auth, Mode mode, Session current, FirstRunHook firstRunHook) {
        super(parent);
        this.auth = auth;
        this.mode = mode;
        this.current = current;
        this.firstRunHook = firstRunHook;
        setShellStyle(SWT.DIALOG_TRIM | SWT.APPLICATION_MODAL | SWT.RESIZE);
    }

    /** The session that was opened, unlocked or changed; empty when the person quit or cancelled. */
    public Optional<Session> session() {
        return Optional.ofNullable(result);
    }

    /** Whether the person chose to quit Salus (from the lock screen or the login). */
    public boolean quitRequested() {
        return quitRequested;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(switch (mode) {
            case SIGN_IN -> "Salus - log in";
            case LOCKED -> "Salus - workstation locked";
            case CHANGE_PASSWORD -> "Salus - change password";
        });
        shell.addDisposeListener(e -> {
            closing = true;
            wipeTyped();
            if (titleFont != null) {
                titleFont.dispose();
            }
            if (warnBackground != null) {
                warnBackground.dispose();
            }
        });
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(1, false));
        Label title = new Label(area, SWT.NONE);
        title.setText(mode == Mode.LOCKED ? "Workstation locked" : "Salus clinic workstation");
        FontData fd = title.getFont().getFontData()[0];
        titleFont = new Font(area.getDisplay(), fd.getName(), fd.getHeight() + 4, SWT.BOLD);
        title.setFont(titleFont);

        warnBackground = new Color(area.getDisplay(), 255, 243, 205);
        offline = label(area, "login.offline", SWT.WRAP);
        offline.setBackground(warnBackground);
        offline.setText("Offline: the hub cannot be reached. Only people who have logged in on this workstation before can log in.");
        show(offline, false);
        banner = label(area, "login.banner", SWT.WRAP);

        message = label(area, "login.message", SWT.WRAP);
        message.setForeground(area.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        show(banner, false);
        show(message, false);

        pages = new Composite(area, SWT.NONE);
        pages.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        GridLayout pagesLayout = new GridLayout(1, false);
        pagesLayout.marginWidth = 0;
        pagesLayout.marginHeight = 0;
        pages.setLayout(pagesLayout);
        signInPage = createSignInPage(pages);
        lockedPage = createLockedPage(pages);
        changePage = createChangePage(pages);

        switch (mode) {
            case SIGN_IN -> {
                showPage(signInPage);
                setBusy(true, "Opening the clinic store...");
                startReadiness();
            }
            case LOCKED -> {
                showPage(lockedPage);
                setBanner(current.displayName() + " (" + current.username() + ") locked this workstation, or it locked itself"
                        + " after a time without use. Only " + current.username() + "'s password unlocks it; another person can"
                        + " log in with Switch user, which ends " + current.username() + "'s session.");
                checkOffline();
            }
            case CHANGE_PASSWORD -> {
                showPage(changePage);
                setBanner("Set a new password for " + current.username() + ".");
            }
        }
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        // every page has its own buttons
    }

    @Override
    protected Control createButtonBar(Composite parent) {
        Control bar = super.createButtonBar(parent);
        bar.setLayoutData(new GridData(0, 0));
        return bar;
    }

    private Composite createSignInPage(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        page.setLayout(new GridLayout(2, false));

        setupBox = new Composite(page, SWT.BORDER);
        setupBox.setLayout(new GridLayout(1, false));
        GridData boxData = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        setupBox.setLayoutData(boxData);
        Label setupText = new Label(setupBox, SWT.WRAP);
        setupText.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        setupText.setText("This clinic has no users yet. Log in as 'setup' with this one-time password. It is shown only now:"
                + " write it down before you continue. You will then choose a new password.");
        setupPassword = new Label(setupBox, SWT.NONE);
        setupPassword.setData(TEST_ID, "login.setupPassword");
        FontData fd = setupPassword.getFont().getFontData()[0];
        setupPassword.setFont(new Font(parent.getDisplay(), "Monospace", fd.getHeight() + 4, SWT.BOLD));
        setupPassword.addDisposeListener(e -> setupPassword.getFont().dispose());
        show(setupBox, false);

        new Label(page, SWT.NONE).setText("User name:");
        user = new Text(page, SWT.BORDER | SWT.SINGLE);
        user.setData(TEST_ID, "login.user");
        user.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(page, SWT.NONE).setText("Password:");
        password = new Text(page, SWT.BORDER | SWT.SINGLE | SWT.PASSWORD);
        password.setData(TEST_ID, "login.password");
        password.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        hint = new Label(page, SWT.WRAP);
        hint.setData(TEST_ID, "login.hint");
        GridData hintData = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        hintData.widthHint = WIDTH - 60;
        hint.setLayoutData(hintData);

        Composite buttons = buttonRow(page, 2);
        logIn = button(buttons, "login.submit", "Log in", e -> logIn());
        if (mode == Mode.LOCKED) {
            back = button(buttons, "login.back", "Back", e -> {
                say("");
                showPage(lockedPage);
            });
        } else {
            button(buttons, "login.quit", "Quit", e -> quit());
        }
        return page;
    }

    private Composite createLockedPage(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        page.setLayout(new GridLayout(2, false));
        new Label(page, SWT.NONE).setText("User:");
        Label who = new Label(page, SWT.NONE);
        who.setData(TEST_ID, "lock.user");
        who.setText(current == null ? "" : current.displayName() + " (" + current.username() + ")");
        new Label(page, SWT.NONE).setText("Password:");
        unlockPassword = new Text(page, SWT.BORDER | SWT.SINGLE | SWT.PASSWORD);
        unlockPassword.setData(TEST_ID, "lock.password");
        unlockPassword.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Composite buttons = buttonRow(page, 2);
        unlock = button(buttons, "lock.unlock", "Unlock", e -> unlock());
        button(buttons, "lock.switch", "Switch user...", e -> switchUser());
        button(buttons, "lock.quit", "Quit Salus", e -> quit());
        return page;
    }

    private Composite createChangePage(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        page.setLayout(new GridLayout(2, false));
        Label rules = new Label(page, SWT.WRAP);
        GridData rulesData = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        rulesData.widthHint = WIDTH - 60;
        rules.setLayoutData(rulesData);
        rules.setText("A password has at least 10 characters and does not contain your user name. Nobody else should know it.");
        currentLabel = new Label(page, SWT.NONE);
        currentLabel.setText("Current password:");
        currentLabel.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        currentPassword = new Text(page, SWT.BORDER | SWT.SINGLE | SWT.PASSWORD);
        currentPassword.setData(TEST_ID, "password.current");
        currentPassword.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(page, SWT.NONE).setText("New password:");
        newPassword = new Text(page, SWT.BORDER | SWT.SINGLE | SWT.PASSWORD);
        newPassword.setData(TEST_ID, "password.new");
        newPassword.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(page, SWT.NONE).setText("Repeat it:");
        repeatPassword = new Text(page, SWT.BORDER | SWT.SINGLE | SWT.PASSWORD);
        repeatPassword.setData(TEST_ID, "password.repeat");
        repeatPassword.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Composite buttons = buttonRow(page, 2);
        setPassword = button(buttons, "password.set", "Set password", e -> changePassword());
        button(buttons, "password.cancel", mode == Mode.CHANGE_PASSWORD ? "Cancel" : "Quit", e -> quit());
        return page;
    }

    // ---- actions ----

    private void logIn() {
        String name = user.getText().trim();
        char[] typed = password.getTextChars();
        if (name.isEmpty() || typed.length == 0) {
            say("Enter your user name and password.");
            Arrays.fill(typed, '\0');
            return;
        }
        password.setText("");
        setBusy(true, "Checking the password...");
        char[] forLogin = typed.clone();
        run("Log in", () -> {
            try {
                Session s = auth.login(name, forLogin);
                ui(() -> loggedIn(s, typed));
            } catch (RuntimeException e) {
                Arrays.fill(typed, '\0');
                ui(() -> failed(e));
            }
        });
    }

    private void loggedIn(Session s, char[] typed) {
        setBusy(false, "");
        show(setupBox, false);
        setupPassword.setText("");
        if (s.passwordChangeRequired()) {
            wipeTyped();
            typedPassword = typed;
            mustChange = s;
            setBanner("Welcome, " + s.displayName() + ". Choose your own password before you start.");
            show(currentLabel, false);
            show(currentPassword, false);
            showPage(changePage);
            return;
        }
        Arrays.fill(typed, '\0');
        result = s;
        close();
    }

    private void unlock() {
        char[] typed = unlockPassword.getTextChars();
        unlockPassword.setText("");
        if (typed.length == 0) {
            say("Enter " + current.username() + "'s password, or use Switch user.");
            return;
        }
        setBusy(true, "Checking the password...");
        run("Unlock", () -> {
            try {
                Session s = auth.unlock(current.actor(), typed);
                ui(() -> {
                    result = s;
                    close();
                });
            } catch (SessionRefusedException e) {
                ui(() -> {
                    setBusy(false, "");
                    say(current.username() + "'s session has ended (" + ErrorMessages.of(e) + "). Log in again.");
                    switchUser();
                });
            } catch (RuntimeException e) {
                ui(() -> failed(e));
            }
        });
    }

    /** Opens the lock screen on its page for another person to log in. Call after {@link #create()}. */
    public void showSwitchUser() {
        switchUser();
    }

    private void switchUser() {
        say("");
        setBanner("Log in as another person. " + current.username() + "'s locked session ends when they do.");
        showPage(signInPage);
        user.setText("");
        user.setFocus();
    }

    private void changePassword() {
        char[] fresh = newPassword.getTextChars();
        char[] again = repeatPassword.getTextChars();
        newPassword.setText("");
        repeatPassword.setText("");
        if (!Arrays.equals(fresh, again)) {
            Arrays.fill(fresh, '\0');
            Arrays.fill(again, '\0');
            say("The two new passwords differ; type the same password twice.");
            return;
        }
        Arrays.fill(again, '\0');
        Session who = mustChange != null ? mustChange : current;
        char[] old;
        if (mustChange != null) {
            old = typedPassword.clone();
        } else {
            old = currentPassword.getTextChars();
            currentPassword.setText("");
        }
        setBusy(true, "Setting the new password...");
        run("Change password", () -> {
            try {
                Session s = auth.changePassword(who.actor(), old, fresh);
                ui(() -> {
                    wipeTyped();
                    result = s;
                    close();
                });
            } catch (RuntimeException e) {
                ui(() -> failed(e));
            }
        });
    }

    private void quit() {
        if (mode == Mode.CHANGE_PASSWORD) {
            result = null;
            close();
            return;
        }
        if (mustChange != null) {
            // a session that may not act yet is of no use to anybody
            Session s = mustChange;
            run("Log out", () -> auth.logout(s.actor()));
        }
        quitRequested = true;
        result = null;
        close();
    }

    @Override
    protected void handleShellCloseEvent() {
        // the window manager's close button: a lock screen cannot be closed, everything else quits
        if (mode == Mode.LOCKED) {
            return;
        }
        if (mode == Mode.CHANGE_PASSWORD) {
            close();
            return;
        }
        quit();
    }

    @Override
    protected void cancelPressed() {
        handleShellCloseEvent();
    }

    private void failed(RuntimeException e) {
        setBusy(false, "");
        if (e instanceof LoginRefusedException refused) {
            say(refusal(refused));
            (shown == lockedPage ? unlockPassword : shown == changePage ? newPassword : password).setFocus();
        } else if (e instanceof InvalidInputException invalid) {
            say("The new password was not accepted: " + invalid.reason());
        } else {
            say(ErrorMessages.of(e));
        }
    }

    /** What a refused login means for the person at the workstation. */
    static String refusal(LoginRefusedException e) {
        return switch (e.reason()) {
            case WRONG_CREDENTIALS -> e.getMessage() + " Check the user name and the keyboard layout, then try again.";
            case TOO_SOON -> {
                Instant at = e.retryAfter();
                long seconds = at == null ? 0 : Math.max(1, Duration.between(Instant.now(), at).toSeconds() + 1);
                yield "Too many failed attempts for " + e.username() + ": wait " + seconds + " s before the next try.";
            }
            case LOCKED_OUT -> "The account " + e.username() + " is locked after too many failed logins. An administrator must"
                    + " unlock it (you cannot do it from here).";
            case DISABLED -> "The account " + e.username() + " is disabled. Ask an administrator.";
            case OFFLINE_NOT_CACHED -> "Offline: the hub cannot be reached, and " + e.username() + " has never logged in on this"
                    + " workstation, so the password cannot be checked here. Log in once while the hub is reachable.";
            case SESSION_ACTIVE -> e.getMessage();
        };
    }

    // ---- readiness ----

    private void startReadiness() {
        run("Opening the clinic", () -> {
            while (!closing) {
                try {
                    boolean isOffline = auth.offline();
                    Optional<SetupAccount> setup = auth.firstRun();
                    String note = null;
                    if (setup.isPresent() && firstRunHook != null && firstRunHook.wanted()) {
                        SetupAccount account = setup.get();
                        try {
                            note = firstRunHook.seed(account, progress -> ui(() -> setBanner(progress)));
                        } finally {
                            account.wipe();
                        }
                        setup = Optional.empty();
                    } else if (firstRunHook != null && firstRunHook.wanted()) {
                        note = firstRunHook.hint();
                    }
                    Optional<SetupAccount> shown = setup;
                    String shownNote = note;
                    ui(() -> ready(isOffline, shown, shownNote));
                    return;
                } catch (SecurityUnavailableException | StoreUnavailableException e) {
                    ui(() -> setBanner("Waiting for the clinic store to open. If this lasts, the store may be quarantined:"
                            + " see the workstation log. (" + e.getMessage() + ")"));
                    sleep();
                } catch (RuntimeException e) {
                    ui(() -> {
                        setBanner("The clinic cannot be opened: " + ErrorMessages.of(e));
                        setBusy(true, "");
                    });
                    return;
                }
            }
        });
    }

    private void ready(boolean isOffline, Optional<SetupAccount> setup, String note) {
        show(offline, isOffline);
        setBanner("");
        setBusy(false, "");
        if (setup.isPresent()) {
            SetupAccount account = setup.get();
            setupPassword.setText(new String(account.oneTimePassword()));
            account.wipe();
            show(setupBox, true);
            user.setText(SetupAccount.USERNAME);
            password.setFocus();
        } else {
            user.setFocus();
        }
        hint.setText(note == null ? "" : note);
        fit();
        if (Boolean.getBoolean(REPORT_READY)) {
            // for benchmarks/run ui: the moment a user can type a name and password
            System.out.println("Salus login ready");
            System.out.flush();
        }
    }

    private void checkOffline() {
        run("Hub reachability", () -> {
            boolean isOffline = auth.offline();
            ui(() -> {
                show(offline, isOffline);
                fit();
            });
        });
    }

    // ---- helpers ----

    private void setBusy(boolean busy, String status) {
        for (Control c : new Control[] {user, password, logIn, unlockPassword, unlock, currentPassword, newPassword, repeatPassword, setPassword}) {
            if (c != null && !c.isDisposed()) {
                c.setEnabled(!busy);
            }
        }
        if (busy) {
            say(status);
        } else if (!status.isEmpty()) {
            say(status);
        } else {
            say("");
        }
    }

    /** Shows a message under the banner (empty to clear it). */
    private void say(String text) {
        setText(message, text);
    }

    /** Says what the dialog is waiting for, or whose lock screen this is (empty to clear it). */
    private void setBanner(String text) {
        setText(banner, text);
    }

    private void setText(Label label, String text) {
        label.setText(text);
        show(label, !text.isEmpty());
        if (getShell() != null && getShell().isVisible()) {
            fit();
        }
    }

    private void showPage(Composite page) {
        for (Composite p : new Composite[] {signInPage, lockedPage, changePage}) {
            show(p, p == page);
        }
        shown = page;
        pages.layout(true, true);
        Button preferred = page == signInPage ? logIn : page == lockedPage ? unlock : setPassword;
        getShell().setDefaultButton(preferred);
        if (page == lockedPage) {
            unlockPassword.setFocus();
        } else if (page == changePage) {
            (currentPassword.getVisible() ? currentPassword : newPassword).setFocus();
        }
        if (getShell().isVisible()) {
            fit();
        }
    }

    @Override
    protected Point getInitialSize() {
        return getShell().computeSize(WIDTH, SWT.DEFAULT, true);
    }

    /** Resizes to the content at the dialog's fixed width. */
    private void fit() {
        Shell shell = getShell();
        shell.layout(true, true);
        shell.setSize(shell.computeSize(WIDTH, SWT.DEFAULT, true));
    }

    private void wipeTyped() {
        if (typedPassword != null) {
            Arrays.fill(typedPassword, '\0');
            typedPassword = null;
        }
    }

    private void run(String name, Runnable work) {
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
        Display display = Display.getDefault();
        display.asyncExec(() -> {
            if (getShell() != null && !getShell().isDisposed()) {
                r.run();
            }
        });
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Label label(Composite parent, String testId, int style) {
        Label l = new Label(parent, style);
        l.setData(TEST_ID, testId);
        GridData data = new GridData(SWT.FILL, SWT.TOP, true, false);
        data.widthHint = WIDTH - 40;
        l.setLayoutData(data);
        return l;
    }

    private static Composite buttonRow(Composite parent, int span) {
        Composite row = new Composite(parent, SWT.NONE);
        row.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false, span, 1));
        GridLayout layout = new GridLayout(0, true);
        layout.marginWidth = 0;
        row.setLayout(layout);
        return row;
    }

    private static Button button(Composite row, String testId, String text, Consumer<Object> action) {
        ((GridLayout) row.getLayout()).numColumns++;
        Button b = new Button(row, SWT.PUSH);
        b.setText(text);
        b.setData(TEST_ID, testId);
        b.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        b.addListener(SWT.Selection, e -> action.accept(e));
        return b;
    }

    private static void show(Control c, boolean visible) {
        c.setVisible(visible);
        Object data = c.getLayoutData();
        if (data instanceof GridData grid) {
            grid.exclude = !visible;
        }
    }
}
