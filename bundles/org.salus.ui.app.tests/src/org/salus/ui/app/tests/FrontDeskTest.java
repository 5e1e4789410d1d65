package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.LocalDate;
import java.util.List;

import org.eclipse.e4.ui.internal.workbench.E4XMIResourceFactory;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.menu.MMenu;
import org.eclipse.e4.ui.model.fragment.MModelFragments;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.op.OpQuery;
import org.salus.security.Session;
import org.salus.ui.app.errors.ErrorMessages;
import org.salus.ui.app.session.PermissionTags;
import org.salus.ui.audit.AuditPart;
import org.salus.ui.stock.StockPart;
import org.salus.ui.stock.handlers.DispenseHandler;
import org.salus.ui.stock.handlers.ReceiveHandler;

/**
 * A front-desk user sees no stock screen and no stock command, and the core refuses stock commands from them anyway:
 * the screens only follow the permissions that the services enforce.
 */
class FrontDeskTest {

    private static Clinic clinic;
    private static Session frontDesk;
    private static Session pharmacist;
    private static String medicineId;

    @BeforeAll
    static void clinicWithStaff() throws Exception {
        clinic = Clinic.fresh("front-desk");
        clinic.staff("pharmacist", "pharmacist", "desk", "front-desk", "auditor", "auditor");
        pharmacist = clinic.login("pharmacist");
        medicineId = clinic.commands.registerMedicine(pharmacist.actor(), "09506000134352", "paracetamol", "tablet", "500", "mg", 100, false)
                .createdId("Medicine");
        frontDesk = clinic.login("desk");
    }

    @AfterAll
    static void logout() {
        clinic.logout();
    }

    @Test
    void theStockPartAndMenuOfTheStockFragmentAreHiddenFromTheFrontDesk() throws Exception {
        MModelFragments stockModel = fragmentOf(StockPart.class);
        MPart part = find(stockModel, MPart.class, StockPart.ID);
        MMenu menu = find(stockModel, MMenu.class, "org.salus.ui.stock.menu");
        assertEquals(List.of("stock.*"), PermissionTags.patterns(part));

        PermissionTags.applyTo(stockModel, frontDesk);
        assertFalse(part.isToBeRendered(), "front desk: no stock part");
        assertFalse(menu.isVisible(), "front desk: no Stock menu");

        PermissionTags.applyTo(stockModel, pharmacist);
        assertTrue(part.isToBeRendered());
        assertTrue(menu.isVisible());

        PermissionTags.applyTo(stockModel, null);
        assertFalse(part.isToBeRendered(), "nobody logged in: nothing tagged is shown");

        MModelFragments auditModel = fragmentOf(AuditPart.class);
        MPart audit = find(auditModel, MPart.class, AuditPart.ID);
        PermissionTags.applyTo(auditModel, frontDesk);
        assertFalse(audit.isToBeRendered(), "front desk: no audit trail");
        PermissionTags.applyTo(auditModel, clinic.login("auditor"));
        assertTrue(audit.isToBeRendered());
        frontDesk = clinic.login("desk");
    }

    @Test
    void theStockCommandsAreDisabledForTheFrontDeskAndTheCoreRefusesThemAnyway() {
        assertFalse(new ReceiveHandler().canExecute(frontDesk));
        assertFalse(new DispenseHandler().canExecute(frontDesk));
        assertTrue(new ReceiveHandler().canExecute(pharmacist));

        PermissionDeniedException e = assertThrows(PermissionDeniedException.class,
                () -> clinic.commands.receiveStock(frontDesk.actor(), medicineId, "L1", LocalDate.now().plusYears(1), "main-store", 5));
        assertEquals("stock.receive", e.permission());
        assertEquals("desk", e.userName());
        assertNotNull(e.auditOpId(), "the refusal is in the audit trail");
        assertTrue(ErrorMessages.of(e).startsWith("You may not do this: receiving stock"), ErrorMessages.of(e));
        assertThrows(PermissionDeniedException.class, () -> clinic.commands.dispense(frontDesk.actor(), medicineId, 1));
        assertEquals(0, clinic.queries.batchesOf(frontDesk.actor(), medicineId).size(), "nothing was received; the front desk may look at stock");
        PermissionDeniedException trail = assertThrows(PermissionDeniedException.class,
                () -> clinic.audit.find(frontDesk.actor(), OpQuery.all()), "the core refuses the audit trail to the front desk");
        assertEquals("audit.read", trail.permission());
        Session auditor = clinic.login("auditor");
        assertEquals(3, clinic.audit.find(auditor.actor(), OpQuery.all().type("audit.access.denied").user(frontDesk.userId())).operations().size(),
                "two refused commands and one refused read");
        frontDesk = clinic.login("desk");
    }

    @Test
    void aStockPartOpenedForTheFrontDeskOffersNoStockAction() {
        try (Parts parts = new Parts("front-desk-stock").session(frontDesk)) {
            StockPart stock = parts.open(StockPart.class);
            Ui.waitUntil("the medicine list", () -> stock.loadCount() > 0);
            for (String action : List.of("stock.receive", "stock.dispense", "stock.adjust", "stock.writeOff", "stock.transfer")) {
                assertFalse(Ui.in(parts.shell, action, Button.class).isVisible(), action + " is hidden");
            }
            assertNull(stock.openReceive(null), "the front desk gets no receive dialog");
            assertEquals("Your roles do not allow receiving stock.", Ui.in(parts.shell, "stock.message", Label.class).getText());
        }
    }

    private static MModelFragments fragmentOf(Class<?> partClass) {
        URL url = FrameworkUtil.getBundle(partClass).getEntry("fragment.e4xmi");
        ResourceSet rs = new ResourceSetImpl();
        rs.getResourceFactoryRegistry().getExtensionToFactoryMap().put("e4xmi", new E4XMIResourceFactory());
        Resource r = rs.getResource(URI.createURI(url.toString()), true);
        return (MModelFragments) r.getContents().get(0);
    }

    private static <T extends MUIElement> T find(MModelFragments model, Class<T> type, String id) {
        for (MUIElement e : PermissionTags.tagged(model)) {
            if (type.isInstance(e) && id.equals(e.getElementId())) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no tagged " + type.getSimpleName() + " " + id + " in the fragment");
    }
}
