package org.salus.hub.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HubReadinessTest {

    @Test
    void namesEveryRequiredComponentThatIsNotUp() {
        List<String> missing = HubReadiness.missing(List.of("a", "b", " c ", ""), Set.of("b"));
        assertEquals(List.of("a", "c"), missing);
    }

    @Test
    void nothingMissingWhenAllAreUp() {
        assertEquals(List.of(), HubReadiness.missing(List.of("a", "b"), Set.of("a", "b", "x")));
    }
}
