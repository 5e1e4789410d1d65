package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.salus.core.access.PermissionDeniedException;
import org.salus.device.WorkstationSettings;
import org.salus.security.Session;
import org.salus.ui.app.preferences.ExpiryWindows;
import org.salus.ui.app.preferences.WorkstationPreferences;
import org.salus.ui.stock.ExpiryClass;
import org.salus.ui.stock.StockPart;
import org.salus.ui.sync.PreferencesDialog;

/**
 * File, Preferences: an administrator changes the idle lock (the security service locks sessions after the new time),
 * a pharmacist cannot (the field is disabled and the settings service refuses her), and the expiry windows recolour
 * the open stock screen.
 */
class PreferencesTest {

    private static Clinic clinic;
    private static WorkstationSettings settings;

    @BeforeAll
    static void clinicWithStaff() throws Exception {
        clinic = Clinic.fresh("preferences");
        clinic.staff("pharmacist", "pharmacist", "boss", "admin");
        settings = Services.await(WorkstationSettings.class);
    }

    @AfterAll
    static void defaultsAgain() throws Exception {
        WorkstationPreferences.setExpiryWindows(ExpiryWindows.DEFAULT);
        Clinic.securitySettings();
        clinic.logout();
    }

    @Test
    void anAdministratorChangesTheIdleLockTime() {
        Session boss = clinic.login("boss");
        PreferencesDialog dialog = new PreferencesDialog(Ui.display().getActiveShell(), settings, boss);
        dialog.open();
        Shell shell = dialog.getShell();
        try {
            Spinner idle = Ui.in(shell, "prefs.idleLock", Spinner.class);
            assertTrue(idle.isEnabled());
            idle.setSelection(7);
            Ui.screenshot(shell, "workstation-preferences");
            Ui.click(Ui.in(shell, "prefs.save", Button.class));
            Ui.waitUntil("the dialog closes", shell::isDisposed);
        } finally {
            if (!shell.isDisposed()) {
                shell.dispose();
            }
        }
        assertEquals(7, settings.idleLockMinutes());
        assertEquals("7", WorkstationPreferences.node().get(WorkstationPreferences.IDLE_LOCK_MINUTES, ""));
        Ui.waitUntil("the security service takes the new idle time", () -> {
            Session s = clinic.auth.session(boss.actor());
            return Duration.between(s.lastActivity(), s.locksAt()).equals(Duration.ofMinutes(7));
        });
    }

    @Test
    void aPharmacistCannotChangeTheIdleLockNeitherInTheDialogNorInTheService() {
        Session pharmacist = clinic.login("pharmacist");
        PreferencesDialog dialog = new PreferencesDialog(Ui.display().getActiveShell(), settings, pharmacist);
        dialog.open();
        try {
            assertFalse(Ui.in(dialog.getShell(), "prefs.idleLock", Spinner.class).isEnabled());
            assertTrue(Ui.in(dialog.getShell(), "prefs.soonDays", Spinner.class).isEnabled(), "the expiry windows are anyone's");
        } finally {
            dialog.getShell().dispose();
        }
        assertThrows(PermissionDeniedException.class, () -> settings.setIdleLockMinutes(pharmacist.actor(), 1));
    }

    @Test
    void theExpiryWindowsRecolourTheOpenStockScreen() throws Exception {
        Session pharmacist = clinic.login("pharmacist");
        LocalDate in20 = clinic.today().plusDays(20);
        String medicine = clinic.commands.registerMedicine(pharmacist.actor(), "05000000000012", "paracetamol", "tablet", "500", "mg", 5, false)
                .createdId("Medicine");
        clinic.commands.receiveStock(pharmacist.actor(), medicine, "LOT-PREF", in20, "main-store", 30);
        WorkstationPreferences.setExpiryWindows(ExpiryWindows.DEFAULT);
        try (Parts parts = new Parts("preferences-stock").session(pharmacist)) {
            StockPart stock = parts.open(StockPart.class);
            Table medicines = Ui.in(parts.shell, "stock.medicines", Table.class);
            Label summary = Ui.in(parts.shell, "stock.summary", Label.class);
            Ui.waitUntil("the medicine list", () -> medicines.getItemCount() > 0);
            assertEquals(ExpiryClass.WITHIN_30_DAYS, ExpiryClass.of(in20, clinic.today(), stock.expiryWindows()));

            PreferencesDialog dialog = new PreferencesDialog(parts.shell, settings, pharmacist);
            dialog.open();
            Ui.in(dialog.getShell(), "prefs.soonDays", Spinner.class).setSelection(14);
            Ui.in(dialog.getShell(), "prefs.watchDays", Spinner.class).setSelection(21);
            Ui.click(Ui.in(dialog.getShell(), "prefs.save", Button.class));
            Ui.waitUntil("the dialog closes", () -> dialog.getShell() == null || dialog.getShell().isDisposed());

            assertEquals(new ExpiryWindows(14, 21), WorkstationPreferences.expiryWindows());
            Ui.waitUntil("the stock screen follows", () -> stock.expiryWindows().equals(new ExpiryWindows(14, 21))
                    && summary.getText().contains("expiring within 21 days"));
            assertEquals(ExpiryClass.WITHIN_90_DAYS, ExpiryClass.of(in20, clinic.today(), stock.expiryWindows()),
                    "20 days is past the first window of 14 days and within the second of 21");
            assertEquals("within 21 days", ExpiryClass.WITHIN_90_DAYS.words(stock.expiryWindows()));
        }
    }
}
