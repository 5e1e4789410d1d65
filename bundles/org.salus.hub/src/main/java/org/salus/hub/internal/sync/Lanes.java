package org.salus.hub.internal.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A few worker threads, each with its own queue. One key (a device) always goes to the same lane, so a device's
 * messages are handled one after another in arrival order while different devices are handled side by side. A full
 * lane makes the submitter wait, which slows the MQTT client's reading instead of filling the heap.
 */
final class Lanes {

    private static final System.Logger LOG = System.getLogger(Lanes.class.getName());
    private static final Runnable STOP = () -> { };

    private final List<BlockingQueue<Runnable>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    Lanes(int count, int depth, String name) {
        for (int i = 0; i < Math.max(1, count); i++) {
            BlockingQueue<Runnable> q = new ArrayBlockingQueue<>(Math.max(1, depth));
            Thread t = new Thread(() -> drain(q), name + "-" + i);
            t.setDaemon(true);
            queues.add(q);
            threads.add(t);
            t.start();
        }
    }

    /** Queues work on the key's lane; waits while that lane is full. */
    void submit(String key, Runnable work) throws InterruptedException {
        queues.get(Math.floorMod(key.hashCode(), queues.size())).put(work);
    }

    private static void drain(BlockingQueue<Runnable> q) {
        while (true) {
            Runnable r;
            try {
                r = q.take();
            } catch (InterruptedException e) {
                return;
            }
            if (r == STOP) {
                return;
            }
            try {
                r.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "sync work failed", e);
            }
        }
    }

    /** Lets each lane finish what it holds, waiting at most {@code waitMillis} in all. */
    void stop(long waitMillis) {
        for (BlockingQueue<Runnable> q : queues) {
            if (!q.offer(STOP)) {
                q.clear();
                q.offer(STOP);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                t.interrupt();
            }
        }
    }
}
