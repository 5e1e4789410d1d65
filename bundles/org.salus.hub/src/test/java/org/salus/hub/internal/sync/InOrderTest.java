package org.salus.hub.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InOrderTest {

    @Test
    void aKeysAnswersAreHandedOnInTheOrderTheyWereAddedWhateverOrderTheyCompleteIn() throws Exception {
        InOrder order = new InOrder(16);
        List<String> handed = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> push1 = new CompletableFuture<>();
        CompletableFuture<String> push2 = new CompletableFuture<>();
        order.add("dev-1", () -> push1, handed::add);
        order.add("dev-1", () -> push2, handed::add);
        order.add("dev-1", () -> CompletableFuture.completedFuture("pull"), handed::add);
        order.add("dev-2", () -> CompletableFuture.completedFuture("other device"), handed::add);
        assertEquals(List.of("other device"), handed, "another device's answer does not wait");

        push2.complete("ack 2");
        assertEquals(List.of("other device"), handed, "ack 2 waits for ack 1");
        push1.complete("ack 1");
        assertEquals(List.of("other device", "ack 1", "ack 2", "pull"), handed);
        assertEquals(0, order.keysWaiting());
    }

    @Test
    void aFailedAnswerIsSkippedAndTheOnesAfterItStillGoOn() throws Exception {
        InOrder order = new InOrder(16);
        List<String> handed = new ArrayList<>();
        CompletableFuture<String> failing = new CompletableFuture<>();
        order.add("dev-1", () -> failing, handed::add);
        order.add("dev-1", () -> CompletableFuture.completedFuture("ack 2"), handed::add);
        order.add("dev-1", () -> CompletableFuture.completedFuture("boom"), s -> {
            throw new IllegalStateException(s);
        });
        order.add("dev-1", () -> CompletableFuture.completedFuture("ack 4"), handed::add);
        failing.completeExceptionally(new IllegalStateException("the hub log is closed"));
        assertEquals(List.of("ack 2", "ack 4"), handed);
    }

    @Test
    void addWaitsWhileTheBoundIsReached() throws Exception {
        InOrder order = new InOrder(2);
        CompletableFuture<String> a = new CompletableFuture<>();
        order.add("dev-1", () -> a, s -> { });
        order.add("dev-2", () -> new CompletableFuture<String>(), s -> { });
        CountDownLatch third = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                order.add("dev-3", () -> CompletableFuture.completedFuture("x"), s -> third.countDown());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        assertFalse(third.await(200, TimeUnit.MILLISECONDS), "a third answer waits for room");
        a.complete("done");
        assertTrue(third.await(10, TimeUnit.SECONDS), "room came free once an answer was handed on");
        t.join(10_000);
    }
}
