package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.salus.model.inventory.StockBatch;
import org.salus.security.Session;
import org.salus.ui.audit.AuditPart;
import org.salus.ui.audit.AuditPart.AuditRow;
import org.salus.ui.login.LoginDialog;
import org.salus.ui.stock.DispenseDialog;
import org.salus.ui.stock.ExpiryClass;
import org.salus.ui.stock.MedicineRow;
import org.salus.ui.stock.ReceiveDialog;
import org.salus.ui.stock.StockPart;

/**
 * The pharmacist's day in one flow, through the real screens: log in, receive a batch by scanning its GS1 DataMatrix,
 * dispense first-expired-first-out, and find both in the audit trail under the pharmacist's name.
 */
class PharmacistFlowTest {

    private static final String GTIN = "09501101530003";
    private static final String GS = "\u001d";
    private static Clinic clinic;
    private static String medicineId;
    private static LocalDate early;

    @BeforeAll
    static void clinicWithAMedicine() throws Exception {
        clinic = Clinic.fresh("pharmacist-flow");
        clinic.staff("pharmacist", "pharmacist", "auditor", "auditor");
        Session s = clinic.login("pharmacist");
        medicineId = clinic.commands.registerMedicine(s.actor(), GTIN, "amoxicillin", "capsule", "500", "mg", 50, true)
                .createdId("Medicine");
        early = clinic.today().plusDays(20);
        clinic.commands.receiveStock(s.actor(), medicineId, "EARLY-1", early, "main-store", 10);
        clinic.logout();
    }

    @AfterAll
    static void logout() {
        clinic.logout();
    }

    @Test
    void logInReceiveByScanDispenseFefoAndFindBothInTheAuditTrail() {
        Session pharmacist = logInThroughTheDialog("pharmacist");
        assertEquals("pharmacist", pharmacist.username());

        try (Parts parts = new Parts("pharmacist-flow").session(pharmacist)) {
            StockPart stock = parts.open(StockPart.class);
            Ui.waitUntil("the medicine list", () -> stock.loadCount() > 0 && !stock.shownRows().isEmpty());
            MedicineRow row = stock.shownRows().get(0);
            assertEquals("amoxicillin 500 mg capsule", row.label());
            assertEquals(early, row.earliestExpiry());
            assertEquals(ExpiryClass.WITHIN_30_DAYS, row.expiryClass(clinic.today()), "the early lot marks its medicine");
            Table medicines = Ui.in(parts.shell, "stock.medicines", Table.class);
            assertEquals(1, medicines.getItemCount());
            assertTrue(Ui.showing(Ui.in(parts.shell, "stock.receive", Button.class)));

            // receive: scan a GS1 DataMatrix (lot and serial are variable fields: GS ends the lot)
            LocalDate expiry = clinic.today().plusYears(2).withDayOfMonth(1);
            String yymm = String.format("%02d%02d", expiry.getYear() % 100, expiry.getMonthValue());
            ReceiveDialog receive = stock.openReceive(null);
            Ui.waitUntil("the receive dialog's medicines", receive::ready);
            receive.scan("]d2" + "01" + GTIN + "17" + yymm + "00" + "10" + "SCAN-42" + GS + "21" + "PK0001");
            assertEquals(medicineId, receive.chosen().getId(), "the GTIN chose the medicine");
            assertEquals("SCAN-42", Ui.find("receive.lot", Text.class).getText());
            LocalDate lastDay = expiry.withDayOfMonth(expiry.lengthOfMonth());
            assertEquals(lastDay.toString(), Ui.find("receive.expiry", Text.class).getText(), "day 00 is the month's last day");
            assertTrue(Ui.find("receive.scanInfo", Label.class).getText().contains("serial PK0001"));
            Ui.find("receive.quantity", Spinner.class).setSelection(100);
            Ui.click(Ui.find("receive.ok", Button.class));
            Ui.waitUntil("the receive to be recorded", () -> receive.getShell() == null || receive.getShell().isDisposed());
            assertEquals("Received 100 units of amoxicillin 500 mg capsule, lot SCAN-42 (expires " + lastDay + ") into main-store.",
                    receive.result());

            Ui.waitUntil("the list to show the new stock", () -> !stock.shownRows().isEmpty() && stock.shownRows().get(0).stock().usable() == 110);
            assertTrue(stock.select(medicineId));
            Ui.waitUntil("the batches", () -> stock.shownBatches().size() == 2);
            assertEquals(List.of("EARLY-1", "SCAN-42"), stock.shownBatches().stream().map(StockBatch::getLot).toList(), "first to expire first");
            Table batches = Ui.in(parts.shell, "stock.batches", Table.class);
            assertEquals(stock.colour(ExpiryClass.WITHIN_30_DAYS), batches.getItem(0).getBackground(0), "the early lot is coloured");
            assertEquals(null, stock.colour(ExpiryClass.of(lastDay, clinic.today())));

            // dispense 15: the dialog plans FEFO, the core takes 10 from the early lot and 5 from the new one
            DispenseDialog dispense = stock.openDispense();
            assertNotNull(dispense);
            dispense.setQuantity(15);
            assertTrue(dispense.plan().startsWith("10 from lot EARLY-1"), dispense.plan());
            assertTrue(dispense.plan().contains("then 5 from lot SCAN-42"), dispense.plan());
            Ui.click(Ui.find("dispense.ok", Button.class));
            Ui.waitUntil("the dispense to be recorded", () -> dispense.getShell() == null || dispense.getShell().isDisposed());
            assertEquals("Dispensed 15 units of amoxicillin 500 mg capsule: 10 from lot EARLY-1, 5 from lot SCAN-42.", dispense.result());
            Ui.waitUntil("the batches after the dispense", () -> stock.shownBatches().size() == 1);
            assertEquals(95, stock.shownBatches().get(0).getQuantityOnHand());
            assertEquals(dispense.result(), Ui.in(parts.shell, "stock.message", Label.class).getText());
        }

        // the audit trail, read by the auditor after switching user
        clinic.auth.lock(pharmacist.actor());
        Session auditor = logInThroughTheDialog("auditor");
        try (Parts parts = new Parts("pharmacist-flow-audit").session(auditor)) {
            AuditPart audit = parts.open(AuditPart.class);
            Ui.waitUntil("the trail", () -> audit.loadCount() > 0);
            Ui.find("audit.user", Text.class).setText("pharmacist");
            int before = audit.loadCount();
            Ui.click(Ui.find("audit.search", Button.class));
            Ui.waitUntil("the pharmacist's operations", () -> audit.loadCount() > before);
            List<AuditRow> rows = audit.rows();
            assertTrue(rows.stream().allMatch(r -> r.user().equals("pharmacist")), "only the pharmacist's operations");
            List<String> newest = rows.stream().limit(4).map(r -> r.op().opType()).toList();
            assertEquals(List.of("stock.dispense", "stock.dispense", "stock.receive", "batch.create"), newest);
            assertTrue(rows.get(3).op().payload().contains("\"lot\":\"SCAN-42\""), rows.get(3).op().payload());
            Table table = Ui.find("audit.table", Table.class);
            assertEquals("pharmacist", table.getItem(0).getText(1));
            assertEquals("stock.dispense", table.getItem(0).getText(2));

            Combo type = Ui.find("audit.type", Combo.class);
            type.setText("stock.receive");
            int again = audit.loadCount();
            Ui.click(Ui.find("audit.search", Button.class));
            Ui.waitUntil("the receipts", () -> audit.loadCount() > again);
            assertEquals(2, audit.rows().size(), "the early lot and the scanned one");

            Label chain = Ui.find("audit.chain", Label.class);
            Ui.waitUntil("the first verification", () -> audit.verificationCount() > 0);
            int verified = audit.verificationCount();
            Ui.click(Ui.find("audit.verify", Button.class));
            Ui.waitUntil("Verify now", () -> audit.verificationCount() > verified);
            assertTrue(chain.getText().startsWith("Hash chain intact: "), chain.getText());
            assertFalse(chain.getText().contains("DAMAGED"));
        }
    }

    private static Session logInThroughTheDialog(String user) {
        LoginDialog dialog = new LoginDialog(null, clinic.auth, LoginDialog.Mode.SIGN_IN, null, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        Text name = Ui.in(dialog.getShell(), "login.user", Text.class);
        Ui.waitUntil("the login to be ready", name::isEnabled);
        name.setText(user);
        Ui.in(dialog.getShell(), "login.password", Text.class).setText(Clinic.PASSWORD);
        Ui.click(Ui.in(dialog.getShell(), "login.submit", Button.class));
        Ui.waitUntil("the login of " + user, () -> dialog.getShell() == null || dialog.getShell().isDisposed());
        Optional<Session> s = dialog.session();
        return s.orElseThrow(() -> new AssertionError(user + " was not logged in"));
    }
}
