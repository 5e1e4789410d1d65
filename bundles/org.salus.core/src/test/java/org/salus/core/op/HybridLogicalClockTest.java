package org.salus.core.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class HybridLogicalClockTest {

    private final AtomicLong wall = new AtomicLong(1_732_252_800_000L);
    private final String node = HybridLogicalClock.nodeOf("device-a");
    private final HybridLogicalClock clock = new HybridLogicalClock(node, wall::get, 60_000);

    @Test
    void followsTheWallClockAndCountsWithinOneMillisecond() {
        Hlc a = clock.send();
        Hlc b = clock.send();
        wall.addAndGet(5);
        Hlc c = clock.send();
        assertEquals(new Hlc(1_732_252_800_000L, 0, node), a);
        assertEquals(new Hlc(1_732_252_800_000L, 1, node), b);
        assertEquals(new Hlc(1_732_252_800_005L, 0, node), c);
    }

    @Test
    void neverGoesBackWhenTheWallClockDoes() {
        Hlc before = clock.send();
        wall.addAndGet(-10_000);
        Hlc after = clock.send();
        assertTrue(after.compareTo(before) > 0, after + " after " + before);
        assertEquals(before.millis(), after.millis());
    }

    @Test
    void aReadingAfterReceivingIsGreaterThanTheRemoteOne() {
        clock.send();
        Hlc remote = new Hlc(wall.get() + 2_000, 7, HybridLogicalClock.nodeOf("device-b"));
        Hlc local = clock.receive(remote);
        assertTrue(local.compareTo(remote) > 0);
        assertEquals(new Hlc(remote.millis(), 8, node), local);
        assertTrue(clock.send().compareTo(local) > 0);
    }

    @Test
    void receivingAnOlderReadingStillTicks() {
        Hlc mine = clock.send();
        Hlc older = new Hlc(mine.millis() - 100, 3, HybridLogicalClock.nodeOf("device-b"));
        assertEquals(new Hlc(mine.millis(), mine.counter() + 1, node), clock.receive(older));
    }

    @Test
    void refusesARemoteClockTooFarAhead() {
        Hlc remote = new Hlc(wall.get() + 3_600_000, 0, HybridLogicalClock.nodeOf("device-b"));
        ClockSkewException e = assertThrows(ClockSkewException.class, () -> clock.receive(remote));
        assertEquals(3_600_000, e.skewMillis());
        assertTrue(e.getMessage().contains("ahead of this device's clock"), e.getMessage());
    }

    @Test
    void textHasFixedWidthAndSortsLikeTheClock() {
        List<Hlc> readings = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            readings.add(clock.send());
            if (i % 7 == 0) {
                wall.addAndGet(i * 1_000_000L);
            }
        }
        readings.add(new Hlc(5, 0, node));
        readings.add(new Hlc(Hlc.MAX_MILLIS, Hlc.MAX_COUNTER, node));
        for (Hlc h : readings) {
            assertEquals(Hlc.TEXT_LENGTH, h.toString().length(), h.toString());
            assertEquals(h, Hlc.parse(h.toString()));
        }
        List<String> byClock = readings.stream().sorted().map(Hlc::toString).toList();
        List<String> byText = readings.stream().map(Hlc::toString).sorted().toList();
        assertEquals(byClock, byText);
    }

    @Test
    void borrowsTheNextMillisecondWhenTheCounterIsFull() {
        clock.advancePast(new Hlc(wall.get(), Hlc.MAX_COUNTER, node));
        Hlc next = clock.send();
        assertEquals(new Hlc(wall.get() + 1, 0, node), next);
    }

    @Test
    void refusesMalformedText() {
        assertThrows(IllegalArgumentException.class, () -> Hlc.parse("1732252800000-0-abc"));
        assertThrows(IllegalArgumentException.class, () -> Hlc.parse(null));
        assertThrows(IllegalArgumentException.class, () -> new Hlc(1, 0, "NOT-HEX-NODE-ID!"));
    }

    @Test
    void nodeIdsAreStableAndDistinct() {
        assertEquals(HybridLogicalClock.nodeOf("device-a"), HybridLogicalClock.nodeOf("device-a"));
        assertTrue(!HybridLogicalClock.nodeOf("device-a").equals(HybridLogicalClock.nodeOf("device-b")));
        assertEquals(16, HybridLogicalClock.nodeOf("x").length());
    }
}
