package org.salus.core.internal.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.salus.core.command.StoreFailureException;
import org.salus.core.command.StoreUnavailableException;
import org.salus.core.store.ClinicStore;
import org.salus.core.store.StoreClosedException;
import org.salus.core.store.StoreException;

/**
 * The store a component currently uses. The store may come and go at any time (stopped, updated, swapped): a call made
 * while there is none waits a bounded time for one to appear, and work refused by a store that is closing is handed
 * to the next one. Work refused that way wrote nothing, so running it again is safe.
 */
public final class StoreAccess {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile long waitMillis;
    private ClinicStore current;

    /** @param waitMillis how long a call waits for a store */
    public StoreAccess(long waitMillis) {
        this.waitMillis = waitMillis;
    }

    public void setWaitMillis(long millis) {
        this.waitMillis = millis;
    }

    /** A store appeared (a newer or higher-ranked one replaces the current). */
    public void bind(ClinicStore store) {
        lock.lock();
        try {
            current = store;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A store went away. */
    public void unbind(ClinicStore store) {
        lock.lock();
        try {
            if (current == store) {
                current = null;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The current store, if there is one now. */
    public ClinicStore currentOrNull() {
        lock.lock();
        try {
            return current;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} against the store, waiting for one when there is none.
     *
     * @throws StoreUnavailableException when no usable store appears within the wait
     * @throws StoreFailureException when the store fails
     */
    public <T> T call(Function<ClinicStore, T> work) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        ClinicStore refused = null;
        StoreClosedException lastClosed = null;
        while (true) {
            ClinicStore store = awaitStore(deadline, refused, lastClosed);
            try {
                return work.apply(store);
            } catch (StoreClosedException e) {
                refused = store;
                lastClosed = e;
            } catch (StoreException e) {
                throw new StoreFailureException("The clinic store could not complete the work and nothing was saved: "
                        + e.getMessage(), e);
            }
        }
    }

    private ClinicStore awaitStore(long deadline, ClinicStore refused, StoreClosedException lastClosed) {
        lock.lock();
        try {
            while (current == null || current == refused) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    String why = lastClosed != null ? lastClosed.getMessage() : "no store service is registered";
                    throw new StoreUnavailableException("the clinic store is not available: " + why + " (waited "
                            + waitMillis + " ms). Nothing was saved; try again when the store is back.", lastClosed);
                }
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("the clinic store is not available: interrupted while waiting for it", e);
                }
            }
            return current;
        } finally {
            lock.unlock();
        }
    }
}
