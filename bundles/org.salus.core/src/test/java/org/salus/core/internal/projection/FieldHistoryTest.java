package org.salus.core.internal.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.salus.core.internal.projection.FieldHistory.Conflict;
import org.salus.core.internal.projection.FieldHistory.Outcome;
import org.salus.core.internal.projection.FieldHistory.Write;

/** The merge rule of one register field, on its own: any order of the same writes decides the same. */
class FieldHistoryTest {

    static final String NODE_A = "aaaaaaaaaaaaaaaa";
    static final String NODE_B = "bbbbbbbbbbbbbbbb";
    static final String NODE_C = "cccccccccccccccc";

    static Write write(String opId, long millis, String node, List<String> bases, String value) {
        return new Write(opId, String.format("%015d-%05d-%s", millis, 0, node), bases, false, "\"" + value + "\"", "user-" + node.charAt(0),
                "ws-" + node.charAt(0), Instant.ofEpochMilli(millis));
    }

    static Write resolution(String opId, long millis, String node, String left, String right, String value) {
        Write w = write(opId, millis, node, List.of(left, right), value);
        return new Write(w.opId(), w.hlc(), w.bases(), true, w.valueJson(), w.userId(), w.deviceId(), w.at());
    }

    static Outcome decide(List<Write> writes) {
        return FieldHistory.decide("Patient", "p1", "familyName", writes);
    }

    /** Decides every order of the writes (or 200 shuffles of many) and checks they agree; returns the outcome. */
    static Outcome sameInEveryOrder(List<Write> writes) {
        Outcome first = decide(writes);
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            List<Write> shuffled = new ArrayList<>(writes);
            Collections.shuffle(shuffled, random);
            assertEquals(first, decide(shuffled), "order " + shuffled.stream().map(Write::opId).toList());
        }
        return first;
    }

    final Write register = write("r", 100, NODE_A, List.of(), "Okafor");

    @Test
    void sequentialEditsOfOneDeviceGiveTheLastValueAndNoConflict() {
        Write a = write("a", 200, NODE_A, List.of("r"), "Okafor-Ade");
        Write a2 = write("a2", 300, NODE_A, List.of("a"), "Ade");
        Outcome o = sameInEveryOrder(List.of(register, a, a2));
        assertEquals("a2", o.value().opId());
        assertEquals(List.of(a2), o.leaves());
        assertTrue(o.conflicts().isEmpty());
    }

    @Test
    void twoEditsFromTheSameBaseAreOneOpenConflictAndTheNewerShows() {
        Write a = write("a", 200, NODE_A, List.of("r"), "Okafor-Ade");
        Write b = write("b", 250, NODE_B, List.of("r"), "Ade");
        Outcome o = sameInEveryOrder(List.of(register, a, b));
        assertEquals("b", o.value().opId(), "the newer by clock shows until someone chooses");
        assertEquals(1, o.conflicts().size());
        Conflict k = o.conflicts().get(0);
        assertTrue(k.open());
        assertEquals("a", k.left().opId(), "the older side is kept, not lost");
        assertEquals("b", k.right().opId());
        assertTrue(k.id().startsWith("conflict-"));
    }

    @Test
    void anEditOnTopOfOneSideKeepsTheSameConflictIdWithItsNewValue() {
        Write a = write("a", 200, NODE_A, List.of("r"), "Okafor-Ade");
        Write b = write("b", 250, NODE_B, List.of("r"), "Ade");
        Write a2 = write("a2", 300, NODE_A, List.of("a"), "Okafor Ade");
        String before = decide(List.of(register, a, b)).conflicts().get(0).id();
        Outcome o = sameInEveryOrder(List.of(register, a, b, a2));
        assertEquals(1, o.conflicts().size());
        assertEquals(before, o.conflicts().get(0).id(), "still the same conflict: the sides forked at the same writes");
        assertEquals("b", o.conflicts().get(0).left().opId());
        assertEquals("a2", o.conflicts().get(0).right().opId());
        assertEquals("a2", o.value().opId());
    }

    @Test
    void aResolutionClosesTheConflictAndItsValueShows() {
        Write a = write("a", 200, NODE_A, List.of("r"), "Okafor-Ade");
        Write b = write("b", 250, NODE_B, List.of("r"), "Ade");
        Write fix = resolution("fix", 400, NODE_B, "a", "b", "Okafor-Ade");
        String id = decide(List.of(register, a, b)).conflicts().get(0).id();
        Outcome o = sameInEveryOrder(List.of(register, a, b, fix));
        assertEquals("fix", o.value().opId());
        assertEquals(List.of(fix), o.leaves());
        assertEquals(1, o.conflicts().size());
        Conflict k = o.conflicts().get(0);
        assertEquals(id, k.id(), "the resolved record is the one that was open");
        assertFalse(k.open());
        assertEquals("fix", k.resolution().opId());
        assertEquals("a", k.left().opId());
        assertEquals("b", k.right().opId());
    }

    @Test
    void threeDevicesEditingAtOnceGiveTwoConflictsWithTheNewest() {
        Write a = write("a", 200, NODE_A, List.of("r"), "A");
        Write b = write("b", 210, NODE_B, List.of("r"), "B");
        Write c = write("c", 220, NODE_C, List.of("r"), "C");
        Outcome o = sameInEveryOrder(List.of(register, a, b, c));
        assertEquals("c", o.value().opId());
        assertEquals(2, o.conflicts().size());
        assertTrue(o.conflicts().stream().allMatch(k -> k.open() && k.right().opId().equals("c")));
        assertEquals(List.of("a", "b"), o.conflicts().stream().map(k -> k.left().opId()).sorted().toList());

        // resolving one leaves the other open, now against the resolution
        Write fix = resolution("fix", 300, NODE_A, "a", "c", "AC");
        Outcome after = sameInEveryOrder(List.of(register, a, b, c, fix));
        assertEquals("fix", after.value().opId());
        assertEquals(1, after.conflicts().stream().filter(Conflict::open).count());
        Conflict open = after.conflicts().stream().filter(Conflict::open).findFirst().orElseThrow();
        assertEquals("b", open.left().opId());
        assertEquals("fix", open.right().opId());
        assertEquals(1, after.conflicts().stream().filter(k -> !k.open()).count());
    }

    @Test
    void anEditConcurrentWithAResolutionOpensANewConflict() {
        Write a = write("a", 200, NODE_A, List.of("r"), "A");
        Write b = write("b", 250, NODE_B, List.of("r"), "B");
        Write fix = resolution("fix", 400, NODE_B, "a", "b", "AB");
        Write late = write("late", 420, NODE_A, List.of("a"), "A2");
        Outcome o = sameInEveryOrder(List.of(register, a, b, fix, late));
        assertEquals("late", o.value().opId());
        assertEquals(1, o.conflicts().stream().filter(Conflict::open).count());
        assertEquals(1, o.conflicts().stream().filter(k -> !k.open()).count());
        assertNotEquals(o.conflicts().get(0).id(), o.conflicts().get(1).id());
    }

    @Test
    void writesWithoutBasesFollowTheClockAndNeverConflict() {
        Write old1 = write("o1", 200, NODE_A, null, "A");
        Write old2 = write("o2", 150, NODE_B, null, "B");
        // an update without bases follows the write before it by clock
        Outcome o = sameInEveryOrder(List.of(register, old1, old2));
        assertEquals("o1", o.value().opId(), "last writer by HLC");
        assertTrue(o.conflicts().isEmpty());
    }

    @Test
    void aBaseThatIsNotEarlierByClockIsIgnoredSoThereIsNoCycle() {
        // another device's clock ran behind: its edit of the registration carries an older reading than the registration
        Write skewed = write("s", 50, NODE_B, List.of("r"), "Ade");
        Write a = write("a", 200, NODE_A, List.of("r"), "Okafor-Ade");
        Outcome o = sameInEveryOrder(List.of(register, skewed, a));
        assertEquals("a", o.value().opId());
        assertEquals(1, o.conflicts().size(), "the skewed edit is a root of its own, concurrent with the edit here");
        assertEquals("s", o.conflicts().get(0).left().opId());
    }

    @Test
    void basesThatAreNotHeldAreIgnored() {
        Write a = write("a", 200, NODE_A, List.of("missing"), "A");
        Outcome o = sameInEveryOrder(List.of(register, a));
        // "a" builds on nothing held: it is a second root, concurrent with the register's value
        assertEquals("a", o.value().opId());
        assertEquals(1, o.conflicts().size());
    }

    @Test
    void conflictIdsDependOnTheFieldAndNotOnTheOrderOfTheSides() {
        assertEquals(FieldHistory.conflictId("Patient", "p1", "phone", "x", "y"), FieldHistory.conflictId("Patient", "p1", "phone", "y", "x"));
        assertNotEquals(FieldHistory.conflictId("Patient", "p1", "phone", "x", "y"), FieldHistory.conflictId("Patient", "p1", "address", "x", "y"));
        assertThrows(IllegalArgumentException.class, () -> decide(List.of()));
        assertNull(decide(List.of(register)).conflicts().isEmpty() ? null : "conflict");
    }
}
