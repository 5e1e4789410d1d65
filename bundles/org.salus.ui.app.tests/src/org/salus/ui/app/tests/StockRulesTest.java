package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.access.SessionRefusedException;
import org.salus.core.command.Actor;
import org.salus.core.command.InvalidInputException;
import org.salus.core.command.StockRefusedException;
import org.salus.core.command.StoreUnavailableException;
import org.salus.model.inventory.InventoryFactory;
import org.salus.model.inventory.StockBatch;
import org.salus.security.Session;
import org.salus.security.SessionState;
import org.salus.ui.app.errors.ErrorMessages;
import org.salus.ui.app.session.PermissionTags;
import org.salus.ui.stock.ExpiryClass;
import org.salus.ui.stock.FefoPreview;

/** The rules the stock screens show by: expiry colours, the FEFO preview, permission patterns and error wording. */
class StockRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    @Test
    void expiryClassesHaveTheirBoundariesAtTodayThirtyAndNinetyDays() {
        assertEquals(ExpiryClass.EXPIRED, ExpiryClass.of(TODAY.minusDays(1), TODAY));
        assertEquals(ExpiryClass.WITHIN_30_DAYS, ExpiryClass.of(TODAY, TODAY), "the last day it may be used");
        assertEquals(ExpiryClass.WITHIN_30_DAYS, ExpiryClass.of(TODAY.plusDays(30), TODAY));
        assertEquals(ExpiryClass.WITHIN_90_DAYS, ExpiryClass.of(TODAY.plusDays(31), TODAY));
        assertEquals(ExpiryClass.WITHIN_90_DAYS, ExpiryClass.of(TODAY.plusDays(90), TODAY));
        assertEquals(ExpiryClass.LATER, ExpiryClass.of(TODAY.plusDays(91), TODAY));
        assertEquals(ExpiryClass.LATER, ExpiryClass.of(null, TODAY));
    }

    @Test
    void theFefoPreviewSkipsExpiredBatchesAndSaysWhatIsShort() {
        List<StockBatch> batches = List.of(batch("LATE", TODAY.plusDays(200), 50), batch("GONE", TODAY.minusDays(3), 40),
                batch("SOON", TODAY.plusDays(10), 5));
        FefoPreview.Plan plan = FefoPreview.plan(batches, TODAY, 20);
        assertEquals(List.of("SOON", "LATE"), plan.takes().stream().map(t -> t.batch().getLot()).toList());
        assertEquals(List.of(5, 15), plan.takes().stream().map(FefoPreview.Take::quantity).toList());
        assertEquals(55, plan.usable(), "the expired 40 do not count");
        assertEquals(0, plan.shortBy());

        FefoPreview.Plan tooMuch = FefoPreview.plan(batches, TODAY, 60);
        assertEquals(5, tooMuch.shortBy());
        assertTrue(tooMuch.describe().endsWith("5 more than the 55 usable units are asked"), tooMuch.describe());
        assertEquals("No usable stock: nothing can be dispensed.", FefoPreview.plan(List.of(batch("GONE", TODAY.minusDays(1), 9)), TODAY, 1).describe());
    }

    @Test
    void permissionPatternsMatchExactlyOrByPrefix() {
        Session clinician = session(Set.of("stock.dispense.order", "clinical.note"));
        assertTrue(PermissionTags.grants(clinician, "stock.*"), "any stock permission shows the stock screens");
        assertFalse(PermissionTags.grants(clinician, "stock.dispense"));
        assertTrue(PermissionTags.grants(clinician, "stock.dispense.order"));
        assertFalse(PermissionTags.grants(session(Set.of("stockroom.read")), "stock.*"), "a prefix ends at a dot");
        assertFalse(PermissionTags.grants(null, "stock.*"));
    }

    @Test
    void refusalsAreWordedForThePersonAtTheWorkstation() {
        assertEquals("You may not do this: dispensing is not part of your roles. Ask an administrator for a role that allows it."
                + " Nothing was recorded except this refusal.",
                ErrorMessages.of(new PermissionDeniedException("u1", "desk", "stock.dispense", "none of the roles grants it", "op1")));
        assertEquals("Your session is locked. Unlock it with your password, then try again.",
                ErrorMessages.of(new SessionRefusedException(SessionRefusedException.Problem.LOCKED, "u1", "stock.receive", "locked", "op2")));
        assertEquals("Please check the quantity: must be 1 to 1,000,000", ErrorMessages.of(new InvalidInputException("quantity", "must be 1 to 1,000,000")));
        assertEquals("Batch A of x has 3 left; 5 were asked.",
                ErrorMessages.of(new StockRefusedException("Batch A of x has 3 left; 5 were asked", "b", "A", 5, 3, StockRefusedException.Reason.INSUFFICIENT)));
        assertTrue(ErrorMessages.of(new StoreUnavailableException("no store")).startsWith("The clinic store is not available right now"));
    }

    private static StockBatch batch(String lot, LocalDate expiry, int onHand) {
        StockBatch b = InventoryFactory.eINSTANCE.createStockBatch();
        b.setId("id-" + lot);
        b.setLot(lot);
        b.setExpiry(expiry);
        b.setLocation("main-store");
        b.setQuantityOnHand(onHand);
        return b;
    }

    private static Session session(Set<String> permissions) {
        Instant now = Instant.parse("2026-11-22T08:00:00Z");
        return new Session(new Actor("handle"), "u1", "user", "User", Set.of("role"), permissions, SessionState.ACTIVE, false, true, now, now,
                now.plusSeconds(3600), now.plusSeconds(43200));
    }
}
