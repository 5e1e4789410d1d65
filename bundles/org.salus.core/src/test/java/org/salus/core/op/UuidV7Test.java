package org.salus.core.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class UuidV7Test {

    @Test
    void carriesVersion7TheRfcVariantAndTheTime() {
        UuidV7 ids = new UuidV7(() -> 1_732_252_800_123L, new Random(1));
        UUID id = ids.next();
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(1_732_252_800_123L, UuidV7.timestampOf(id));
        assertTrue(id.toString().startsWith("0193"), id.toString());
        assertTrue(UuidV7.isUuidV7(id.toString()));
    }

    @Test
    void idsAreTimeOrderedEvenWithinOneMillisecondAndWhenTheClockStepsBack() {
        AtomicLong millis = new AtomicLong(1_732_252_800_000L);
        UuidV7 ids = new UuidV7(millis::get, new Random(7));
        List<String> generated = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            generated.add(ids.nextString());
            if (i % 1000 == 999) {
                millis.addAndGet(i % 3000 == 2999 ? -50 : 1);
            }
        }
        List<String> sorted = new ArrayList<>(generated);
        sorted.sort(null);
        assertEquals(generated, sorted);
        assertEquals(generated.size(), new HashSet<>(generated).size());
    }

    @Test
    void recognisesOtherUuidsAsNotVersion7() {
        assertFalse(UuidV7.isUuidV7(UUID.randomUUID().toString()));
        assertFalse(UuidV7.isUuidV7("not-a-uuid"));
        assertFalse(UuidV7.isUuidV7(null));
        assertThrows(IllegalArgumentException.class, () -> UuidV7.timestampOf(UUID.randomUUID()));
    }
}
