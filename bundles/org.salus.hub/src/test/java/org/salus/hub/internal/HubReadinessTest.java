package org.salus.hub.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

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

    @Test
    void anImmediateComponentIsUpOnlyOnceItsActivationHasSucceeded() {
        // the broker is SATISFIED while it starts listening, and FAILED_ACTIVATION when its port is taken
        assertFalse(HubReadiness.isUp(true, ComponentConfigurationDTO.SATISFIED));
        assertFalse(HubReadiness.isUp(true, ComponentConfigurationDTO.FAILED_ACTIVATION));
        assertTrue(HubReadiness.isUp(true, ComponentConfigurationDTO.ACTIVE));
        // a delayed service component is activated on first use: SATISFIED is as good as up
        assertTrue(HubReadiness.isUp(false, ComponentConfigurationDTO.SATISFIED));
        assertFalse(HubReadiness.isUp(false, ComponentConfigurationDTO.UNSATISFIED_REFERENCE));
    }
}
