package org.salus.hub.internal.sync;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Answers that complete out of order, handed on in order per key: a device's answers are published in the order its
 * messages arrived (its engine counts on it), even when a later message is answered at once (a pull, a refusal) while
 * the hub log still stores an earlier push. At most a bound of answers are outstanding over all keys; past it,
 * {@link #add} waits, which slows the lanes and so the MQTT client's reading instead of filling the heap.
 */
final class InOrder {

    private static final System.Logger LOG = System.getLogger(InOrder.class.getName());
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Semaphore room;
    /** Each key's last answer not yet handed on; removed once it is. */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    InOrder(int maxOutstanding) {
        this.room = new Semaphore(Math.max(1, maxOutstanding));
    }

    /**
     * Starts {@code work} on the calling thread and hands its result to {@code then} after the results of every earlier
     * {@code add} of the same key. Calls of one key must come from one thread at a time (a device's lane). {@code then}
     * runs on whichever thread completes the last of those; what it throws is logged.
     *
     * @throws InterruptedException while waiting for room; nothing was started then
     */
    <T> void add(String key, Supplier<? extends CompletionStage<T>> work, Consumer<? super T> then) throws InterruptedException {
        room.acquire();
        CompletionStage<T> result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            room.release();
            throw e;
        }
        CompletableFuture<Void> before = tails.getOrDefault(key, DONE);
        CompletableFuture<Void> next = before.thenCompose(v -> result).handle((value, failure) -> {
            try {
                if (failure == null) {
                    then.accept(value);
                } else {
                    LOG.log(System.Logger.Level.ERROR, "no answer for a message of " + key, failure);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "could not hand on the answer for a message of " + key, e);
            } finally {
                room.release();
            }
            return null;
        });
        tails.put(key, next);
        next.whenComplete((v, e) -> tails.remove(key, next));
    }

    /** Keys with an answer outstanding; for tests and metrics. */
    int keysWaiting() {
        return tails.size();
    }
}
