package org.salus.ui.sync;

import java.util.Arrays;
import java.util.List;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.prefs.BackingStoreException;
import org.salus.core.access.Permissions;
import org.salus.device.WorkstationSettings;
import org.salus.security.Session;
import org.salus.ui.app.errors.ErrorMessages;
import org.salus.ui.app.preferences.ExpiryWindows;
import org.salus.ui.app.preferences.WorkstationPreferences;

/**
 * The workstation's preferences: the hubs it syncs with, in order, and the idle lock (administrators; the settings
 * service checks their permissions), and the expiry windows of the stock screens (anyone). Kept in Eclipse's instance
 * preferences; the hubs and the idle lock also go to the services that use them.
 */
public class PreferencesDialog extends Dialog {

    public static final String TEST_ID = "org.salus.testid";

    private final WorkstationSettings settings;
    private final Session session;
    private Text hubs;
    private Spinner idleLock;
    private Spinner soonDays;
    private Spinner watchDays;
    private Label message;
    private List<String> hubsBefore = List.of();
    private long idleBefore;

    public PreferencesDialog(Shell parent, WorkstationSettings settings, Session session) {
        super(parent);
        this.settings = settings;
        this.session = session;
        setBlockOnOpen(false);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Preferences");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(1, false));
        boolean syncAdmin = grants(Permissions.SYNC_SETTINGS) && settings != null;
        boolean deviceAdmin = grants(Permissions.DEVICE_MANAGE) && settings != null;

        Group sync = group(area, "Sync: the hubs this workstation tries, first to last (administrators)");
        hubsBefore = settings == null ? WorkstationPreferences.hubUrls() : settings.hubUrls();
        hubs = new Text(sync, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL);
        hubs.setData(TEST_ID, "prefs.hubUrls");
        hubs.setText(String.join("\n", hubsBefore));
        GridData hd = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
        hd.heightHint = 60;
        hd.widthHint = 460;
        hubs.setLayoutData(hd);
        hubs.setEnabled(syncAdmin);
        note(sync, "One per line, such as tcp://hub.clinic.local:1883 (the clinic's hub), then ssl://cloud.example.org:8883.");

        Group session = group(area, "Session (administrators)");
        new Label(session, SWT.NONE).setText("Lock after this many idle minutes:");
        idleBefore = settings == null ? 60 : settings.idleLockMinutes();
        idleLock = spinner(session, "prefs.idleLock", 1, 1440, (int) Math.min(1440, Math.max(1, idleBefore)));
        idleLock.setEnabled(deviceAdmin);

        Group stock = group(area, "Stock: expiry warnings (this workstation)");
        ExpiryWindows w = WorkstationPreferences.expiryWindows();
        new Label(stock, SWT.NONE).setText("Use first: expiring within days");
        soonDays = spinner(stock, "prefs.soonDays", 0, ExpiryWindows.MAX_DAYS, w.soonDays());
        new Label(stock, SWT.NONE).setText("Watch: expiring within days");
        watchDays = spinner(stock, "prefs.watchDays", 0, ExpiryWindows.MAX_DAYS, w.watchDays());

        message = new Label(area, SWT.WRAP);
        message.setData(TEST_ID, "prefs.message");
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        if (!syncAdmin || !deviceAdmin) {
            message.setText("Settings that need an administrator are shown but cannot be changed here.");
        }
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, "Save", true).setData(TEST_ID, "prefs.save");
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false).setData(TEST_ID, "prefs.cancel");
    }

    @Override
    protected void okPressed() {
        try {
            ExpiryWindows w;
            try {
                w = new ExpiryWindows(soonDays.getSelection(), watchDays.getSelection());
            } catch (IllegalArgumentException e) {
                say("The 'use first' window cannot be longer than the 'watch' window.");
                return;
            }
            List<String> hubList = Arrays.stream(hubs.getText().split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (settings != null && session != null && !hubList.equals(hubsBefore)) {
                List<String> saved = settings.setHubUrls(session.actor(), hubList);
                WorkstationPreferences.put(WorkstationPreferences.HUB_URLS, String.join("\n", saved));
                hubsBefore = saved;
            }
            if (settings != null && session != null && idleLock.getSelection() != idleBefore) {
                long saved = settings.setIdleLockMinutes(session.actor(), idleLock.getSelection());
                WorkstationPreferences.put(WorkstationPreferences.IDLE_LOCK_MINUTES, Long.toString(saved));
                idleBefore = saved;
            }
            WorkstationPreferences.setExpiryWindows(w);
        } catch (BackingStoreException e) {
            say("The preferences cannot be saved in the workstation's data folder: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            say(ErrorMessages.of(e));
            return;
        }
        super.okPressed();
    }

    private boolean grants(String permission) {
        return session != null && session.grants(permission);
    }

    private void say(String text) {
        message.setText(text);
        message.getParent().layout(true);
        getShell().pack();
    }

    private static Group group(Composite parent, String title) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        g.setLayout(new GridLayout(2, false));
        g.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return g;
    }

    private static void note(Composite parent, String text) {
        Label l = new Label(parent, SWT.WRAP);
        l.setText(text);
        GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
        gd.widthHint = 460;
        l.setLayoutData(gd);
    }

    private static Spinner spinner(Composite parent, String testId, int min, int max, int value) {
        Spinner s = new Spinner(parent, SWT.BORDER);
        s.setData(TEST_ID, testId);
        s.setMinimum(min);
        s.setMaximum(max);
        s.setSelection(value);
        return s;
    }
}
