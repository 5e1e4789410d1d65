package org.salus.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.salus.core.command.StoreFailureException;
import org.salus.core.command.StoreUnavailableException;
import org.salus.core.store.ClinicStore;
import org.salus.core.store.OpApplier;
import org.salus.core.store.StoreClosedException;
import org.salus.core.store.StoreException;
import org.salus.core.store.StoreWork;

class StoreAccessTest {

    /** A store stand-in that answers with its name or throws what it is told to. */
    record FakeStore(String name, RuntimeException failure) implements ClinicStore {
        @Override
        public <T> T write(StoreWork<T> work) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T read(StoreWork<T> work) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long rebuildProjections(OpApplier applier) {
            return 0;
        }

        @Override
        public String location() {
            if (failure != null) {
                throw failure;
            }
            return name;
        }
    }

    @Test
    void refusesAfterTheWaitWhenNoStoreComes() {
        StoreAccess access = new StoreAccess(50);
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> access.call(ClinicStore::location));
        assertTrue(e.getMessage().startsWith("the clinic store is not available: no store service is registered"), e.getMessage());
    }

    @Test
    void aCallWaitsForAStoreThatAppears() throws Exception {
        StoreAccess access = new StoreAccess(30_000);
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return access.call(ClinicStore::location);
        });
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        access.bind(new FakeStore("late", null));
        assertEquals("late", result.get(20, TimeUnit.SECONDS));
    }

    @Test
    void workRefusedByAClosingStoreGoesToTheNextOne() throws Exception {
        StoreAccess access = new StoreAccess(30_000);
        FakeStore closing = new FakeStore("old", new StoreClosedException("stopped"));
        access.bind(closing);
        CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> access.call(ClinicStore::location));
        Thread.sleep(20);
        access.unbind(closing);
        access.bind(new FakeStore("new", null));
        assertEquals("new", result.get(20, TimeUnit.SECONDS));
    }

    @Test
    void aClosingStoreThatIsNotReplacedEndsInUnavailableNamingWhy() {
        StoreAccess access = new StoreAccess(50);
        access.bind(new FakeStore("old", new StoreClosedException("the store x is closed (stopped)")));
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> access.call(ClinicStore::location));
        assertTrue(e.getMessage().contains("the store x is closed (stopped)"), e.getMessage());
    }

    @Test
    void aStoreFailureBecomesATypedFailure() {
        StoreAccess access = new StoreAccess(50);
        StoreException cause = new StoreException("disk full");
        access.bind(new FakeStore("s", cause));
        StoreFailureException e = assertThrows(StoreFailureException.class, () -> access.call(ClinicStore::location));
        assertSame(cause, e.getCause());
        assertTrue(e.getMessage().contains("nothing was saved: disk full"), e.getMessage());
    }

    @Test
    void unbindingAnotherStoreKeepsTheCurrentOne() {
        StoreAccess access = new StoreAccess(50);
        FakeStore current = new FakeStore("current", null);
        access.bind(current);
        access.unbind(new FakeStore("other", null));
        assertSame(current, access.currentOrNull());
    }
}
