package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.LocalDate;
import java.util.Hashtable;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.salus.core.store.ClinicStore;
import org.salus.security.Session;
import org.salus.sync.mqtt.SyncState;
import org.salus.sync.mqtt.SyncStatus;
import org.salus.ui.sync.SyncStatusPart;
import org.salus.ui.sync.SyncTrim;

/**
 * The sync status view and the status bar with the real sync engine on the real clinic store, its hub away (a port
 * nothing listens on): offline, with this workstation's own operations waiting to be sent, and "Sync now" running a
 * round that reports why it could not finish.
 */
class SyncStatusTest {

    private static Clinic clinic;
    private static Configuration engine;
    private static String deviceId;

    @BeforeAll
    static void engineWithItsHubAway() throws Exception {
        clinic = Clinic.fresh("sync-status");
        clinic.staff("pharmacist", "pharmacist");
        Session p = clinic.login("pharmacist");
        String medicine = clinic.commands.registerMedicine(p.actor(), "04006381333931", "ibuprofen", "tablet", "400", "mg", 10, false)
                .createdId("Medicine");
        clinic.commands.receiveStock(p.actor(), medicine, "LOT-SYNC", LocalDate.of(2099, 1, 31), "main-store", 40);
        ClinicStore store = Services.await(ClinicStore.class);
        deviceId = store.read(tx -> tx.meta("device.id")).orElseThrow();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("hubUrl", "tcp://127.0.0.1:" + closedPort());
        props.put("clinicId", "unassigned");
        props.put("deviceId", deviceId);
        props.put(".secret", "not enrolled");
        props.put("retryMinMillis", 200L);
        props.put("retryMaxMillis", 500L);
        props.put("answerWaitMillis", 1_000L);
        engine = Services.await(ConfigurationAdmin.class).getConfiguration("org.salus.sync.mqtt", "?");
        engine.update(props);
    }

    @AfterAll
    static void noEngine() throws Exception {
        engine.delete();
        clinic.logout();
    }

    @Test
    void theViewAndTheStatusBarShowTheEngineOfflineWithItsBacklog() {
        SyncStatus sync = Services.await(SyncStatus.class, "(deviceId=" + deviceId + ")");
        Ui.waitUntil("the engine counts its backlog", () -> sync.state().backlog() > 0 && sync.state().lastError() != null);
        SyncState state = sync.state();
        assertFalse(state.connected());
        long ops = state.backlog();
        assertTrue(ops >= 3, "the first run, the users, the medicine and the batch wait to be sent: " + ops);

        try (Parts parts = new Parts("sync-status").session(clinic.login("pharmacist"))) {
            parts.shell.setLayout(new GridLayout(1, false));
            Composite body = new Composite(parts.shell, SWT.NONE);
            body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
            Composite bar = new Composite(parts.shell, SWT.NONE);
            bar.setLayout(new FillLayout());
            bar.setLayoutData(new GridData(SWT.END, SWT.END, true, false));
            parts.context.set(Composite.class, body);
            SyncStatusPart part = parts.open(SyncStatusPart.class);
            Label connection = Ui.in(parts.shell, "sync.connection", Label.class);
            Label backlog = Ui.in(parts.shell, "sync.backlog", Label.class);
            Ui.waitUntil("the view shows the engine", () -> connection.getText().startsWith("Offline: the hub cannot be reached"));
            Ui.waitUntil("the backlog", () -> backlog.getText().equals(sync.state().backlog() + " operations"));
            assertEquals("clinic unassigned, device " + deviceId, Ui.in(parts.shell, "sync.device", Label.class).getText());
            assertEquals("never", Ui.in(parts.shell, "sync.lastSync", Label.class).getText());
            assertFalse(Ui.in(parts.shell, "sync.lastError", Label.class).getText().equals("none"), "the last error is shown");
            assertFalse(Ui.showing(Ui.find(parts.shell, "sync.enrol", Button.class)), "enrolment is for administrators");

            Ui.click(Ui.in(parts.shell, "sync.now", Button.class));
            Label message = Ui.in(parts.shell, "sync.message", Label.class);
            Ui.waitUntil("the round's outcome", () -> message.getText().startsWith("The sync did not finish:"));
            assertTrue(part.looks() > 0);

            // the status bar's field, at the bottom of the window as the workstation's trim bar holds it
            parts.context.set(Composite.class, bar);
            SyncTrim trim = parts.open(SyncTrim.class);
            Ui.waitUntil("the status bar", () -> trim.text().startsWith("Offline  |  ") && trim.text().endsWith(" unsynced"));
            assertEquals("Offline  |  " + sync.state().backlog() + " unsynced", trim.text());
            Ui.screenshot(parts.shell, "workstation-sync");
            trim.stop();
        }
    }

    @Test
    void withoutAnEngineTheStatusBarSaysTheWorkstationIsOfflineAndNotEnrolled() throws Exception {
        try (Parts parts = new Parts("sync-trim-alone")) {
            parts.context.set(SyncStatus.class, null);
            SyncTrim trim = new SyncTrim();
            trim.create(parts.shell);
            Ui.drain();
            assertEquals("Offline (not enrolled at a hub)", trim.text());
            trim.stop();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
