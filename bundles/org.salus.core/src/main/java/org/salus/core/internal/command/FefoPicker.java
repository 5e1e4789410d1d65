package org.salus.core.internal.command;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.salus.core.command.StockRefusedException;

/**
 * Picks batches first-expired-first-out: the batch that expires soonest goes first, expired batches never go, and no
 * batch goes below zero. A quantity larger than one batch is split over several.
 */
public final class FefoPicker {

    /** What the picker needs to know of a batch. */
    public record Candidate(String batchId, String lot, LocalDate expiry, int onHand) {
    }

    /** Units to take from one batch. */
    public record Take(Candidate batch, int quantity) {
    }

    private static final Comparator<Candidate> FEFO = Comparator
            .comparing(Candidate::expiry, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Candidate::lot, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Candidate::batchId);

    private FefoPicker() {
    }

    /** Whether a batch has expired on {@code today}: its expiry date is before today. */
    public static boolean expired(LocalDate expiry, LocalDate today) {
        return expiry != null && expiry.isBefore(today);
    }

    /**
     * Picks batches for {@code quantity} units.
     *
     * @param medicineName the medicine as a person names it, for messages
     * @throws StockRefusedException when usable stock is short (EXPIRED when only expired stock is left)
     */
    public static List<Take> pick(List<Candidate> batches, LocalDate today, int quantity, String medicineName) {
        List<Candidate> sorted = new ArrayList<>(batches);
        sorted.sort(FEFO);
        List<Take> takes = new ArrayList<>();
        int remaining = quantity;
        int usable = 0;
        Candidate firstExpired = null;
        int expiredUnits = 0;
        for (Candidate c : sorted) {
            if (c.onHand() <= 0) {
                continue;
            }
            if (expired(c.expiry(), today)) {
                if (firstExpired == null) {
                    firstExpired = c;
                }
                expiredUnits += c.onHand();
                continue;
            }
            usable += c.onHand();
            if (remaining > 0) {
                int take = Math.min(remaining, c.onHand());
                takes.add(new Take(c, take));
                remaining -= take;
            }
        }
        if (remaining == 0) {
            return takes;
        }
        if (usable == 0 && firstExpired != null) {
            throw new StockRefusedException("All " + expiredUnits + " units of " + medicineName + " in stock have expired (batch "
                    + firstExpired.lot() + " on " + firstExpired.expiry() + "); " + quantity + " were asked. Expired stock cannot be dispensed.",
                    firstExpired.batchId(), firstExpired.lot(), quantity, 0, StockRefusedException.Reason.EXPIRED);
        }
        if (takes.size() == 1 && sorted.stream().filter(c -> c.onHand() > 0 && !expired(c.expiry(), today)).count() == 1) {
            Candidate only = takes.get(0).batch();
            throw new StockRefusedException("Batch " + only.lot() + " of " + medicineName + " has " + only.onHand() + " left; "
                    + quantity + " were asked", only.batchId(), only.lot(), quantity, usable, StockRefusedException.Reason.INSUFFICIENT);
        }
        throw new StockRefusedException("Only " + usable + " units of " + medicineName + " are in stock and not expired"
                + (expiredUnits > 0 ? " (" + expiredUnits + " more have expired)" : "") + "; " + quantity + " were asked",
                null, null, quantity, usable, StockRefusedException.Reason.INSUFFICIENT);
    }

    /**
     * Checks one named batch.
     *
     * @throws StockRefusedException when it has expired or holds fewer units than asked
     */
    public static Take fromBatch(Candidate batch, LocalDate today, int quantity, String medicineName) {
        if (expired(batch.expiry(), today)) {
            throw new StockRefusedException("Batch " + batch.lot() + " of " + medicineName + " expired on " + batch.expiry()
                    + " and cannot be dispensed", batch.batchId(), batch.lot(), quantity, 0, StockRefusedException.Reason.EXPIRED);
        }
        if (batch.onHand() < quantity) {
            throw new StockRefusedException("Batch " + batch.lot() + " of " + medicineName + " has " + Math.max(0, batch.onHand())
                    + " left; " + quantity + " were asked", batch.batchId(), batch.lot(), quantity, Math.max(0, batch.onHand()),
                    StockRefusedException.Reason.INSUFFICIENT);
        }
        return new Take(batch, quantity);
    }
}
