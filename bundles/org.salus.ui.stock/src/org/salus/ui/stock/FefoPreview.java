package org.salus.ui.stock;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.salus.model.inventory.StockBatch;

/**
 * What a dispense will most likely take, shown before it is recorded: first-expired-first-out over the batches that
 * have not expired, the same order the core uses (expiry, then lot). The core decides when the dispense is recorded.
 */
public final class FefoPreview {

    /** Units planned from one batch. */
    public record Take(StockBatch batch, int quantity) {
    }

    /**
     * @param takes the batches in the order they would be used
     * @param usable units in batches that have not expired
     * @param shortBy how many units are missing (0 when the quantity can be given)
     */
    public record Plan(List<Take> takes, long usable, long shortBy) {

        /** The plan in words ("20 from lot A (expires 2027-01-31), 5 from lot B (...)"). */
        public String describe() {
            if (takes.isEmpty()) {
                return shortBy > 0 ? "No usable stock: nothing can be dispensed." : "";
            }
            StringBuilder sb = new StringBuilder();
            for (Take t : takes) {
                if (sb.length() > 0) {
                    sb.append(", then ");
                }
                sb.append(t.quantity()).append(" from lot ").append(t.batch().getLot()).append(" (expires ").append(t.batch().getExpiry())
                        .append(", at ").append(t.batch().getLocation()).append(')');
            }
            if (shortBy > 0) {
                sb.append("; ").append(shortBy).append(" more than the ").append(usable).append(" usable units are asked");
            }
            return sb.toString();
        }
    }

    private static final Comparator<StockBatch> FEFO = Comparator
            .comparing(StockBatch::getExpiry, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(StockBatch::getLot, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(StockBatch::getId, Comparator.nullsLast(Comparator.naturalOrder()));

    private FefoPreview() {
    }

    /** Plans {@code quantity} units over a medicine's batches on a day. */
    public static Plan plan(List<StockBatch> batches, LocalDate today, int quantity) {
        List<StockBatch> sorted = new ArrayList<>(batches);
        sorted.sort(FEFO);
        List<Take> takes = new ArrayList<>();
        long usable = 0;
        int remaining = quantity;
        for (StockBatch b : sorted) {
            if (b.getQuantityOnHand() <= 0 || ExpiryClass.of(b.getExpiry(), today) == ExpiryClass.EXPIRED) {
                continue;
            }
            usable += b.getQuantityOnHand();
            if (remaining > 0) {
                int take = Math.min(remaining, b.getQuantityOnHand());
                takes.add(new Take(b, take));
                remaining -= take;
            }
        }
        return new Plan(takes, usable, Math.max(0, remaining));
    }
}
