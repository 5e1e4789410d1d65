package org.salus.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.salus.core.command.StockRefusedException;
import org.salus.core.internal.command.FefoPicker.Candidate;
import org.salus.core.internal.command.FefoPicker.Take;

class FefoPickerTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
    static final Candidate LATE = new Candidate("b-late", "LOT-9", LocalDate.of(2028, 1, 31), 50);
    static final Candidate SOON = new Candidate("b-soon", "LOT-1", LocalDate.of(2026, 12, 31), 3);
    static final Candidate MID = new Candidate("b-mid", "LOT-5", LocalDate.of(2027, 6, 30), 4);
    static final Candidate EXPIRED = new Candidate("b-old", "LOT-0", LocalDate.of(2026, 11, 21), 100);
    static final Candidate EXPIRES_TODAY = new Candidate("b-today", "LOT-T", TODAY, 2);

    @Test
    void takesTheSoonestExpiringBatchFirst() {
        List<Take> takes = FefoPicker.pick(List.of(LATE, MID, SOON), TODAY, 2, "amoxicillin 500 mg");
        assertEquals(List.of(new Take(SOON, 2)), takes);
    }

    @Test
    void splitsOverSeveralBatchesWithoutTakingAnyBelowZero() {
        List<Take> takes = FefoPicker.pick(List.of(LATE, MID, SOON), TODAY, 10, "amoxicillin 500 mg");
        assertEquals(List.of(new Take(SOON, 3), new Take(MID, 4), new Take(LATE, 3)), takes);
    }

    @Test
    void neverTakesAnExpiredBatchButDoesTakeOneExpiringToday() {
        List<Take> takes = FefoPicker.pick(List.of(EXPIRED, EXPIRES_TODAY, LATE), TODAY, 5, "amoxicillin 500 mg");
        assertEquals(List.of(new Take(EXPIRES_TODAY, 2), new Take(LATE, 3)), takes);
    }

    @Test
    void refusesWhenUsableStockIsShortAndSaysHowMuchThereIs() {
        StockRefusedException e = assertThrows(StockRefusedException.class,
                () -> FefoPicker.pick(List.of(EXPIRED, SOON, MID), TODAY, 10, "amoxicillin 500 mg"));
        assertEquals(StockRefusedException.Reason.INSUFFICIENT, e.reason());
        assertEquals(10, e.requested());
        assertEquals(7, e.available());
        assertNull(e.batchId());
        assertEquals("Only 7 units of amoxicillin 500 mg are in stock and not expired (100 more have expired); 10 were asked", e.getMessage());
    }

    @Test
    void namesTheBatchWhenOnlyOneBatchIsShort() {
        StockRefusedException e = assertThrows(StockRefusedException.class,
                () -> FefoPicker.pick(List.of(SOON), TODAY, 5, "amoxicillin 500 mg"));
        assertEquals("Batch LOT-1 of amoxicillin 500 mg has 3 left; 5 were asked", e.getMessage());
        assertEquals("b-soon", e.batchId());
        assertEquals("LOT-1", e.lot());
        assertEquals(3, e.available());
    }

    @Test
    void saysExpiredWhenOnlyExpiredStockIsLeft() {
        StockRefusedException e = assertThrows(StockRefusedException.class,
                () -> FefoPicker.pick(List.of(EXPIRED), TODAY, 1, "amoxicillin 500 mg"));
        assertEquals(StockRefusedException.Reason.EXPIRED, e.reason());
        assertEquals("b-old", e.batchId());
        assertEquals(0, e.available());
    }

    @Test
    void aNamedBatchIsCheckedForExpiryAndQuantity() {
        assertEquals(new Take(MID, 4), FefoPicker.fromBatch(MID, TODAY, 4, "x"));
        assertEquals(StockRefusedException.Reason.EXPIRED,
                assertThrows(StockRefusedException.class, () -> FefoPicker.fromBatch(EXPIRED, TODAY, 1, "x")).reason());
        StockRefusedException e = assertThrows(StockRefusedException.class, () -> FefoPicker.fromBatch(MID, TODAY, 5, "x"));
        assertEquals(StockRefusedException.Reason.INSUFFICIENT, e.reason());
        assertEquals("Batch LOT-5 of x has 4 left; 5 were asked", e.getMessage());
    }
}
