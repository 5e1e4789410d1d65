package org.salus.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a process writing clinic commands to an encrypted H2 store is killed with {@code kill -9} 30 times at
 * seeded random moments, restarted on the same files each time, and the store is checked after every kill.
 */
class ChaosTest {

    @TempDir
    Path dir;

    @Test
    void thirtyKillsLoseNoCommittedOperationAndLeaveTheChainAndProjectionsIntact() throws Exception {
        ChaosHarness.Settings settings = new ChaosHarness.Settings(30, 20261122L, 300, 10, System.getProperty("java.class.path"));
        ChaosHarness.Report r = new ChaosHarness(dir, settings, System.out).run();

        assertEquals(30, r.checks(), "every kill is followed by a check: " + r.problems());
        assertEquals(0, r.lostOps(), "operations reported committed but missing after a kill: " + r.problems());
        assertEquals(0, r.chainFailures(), "chain verification failed: " + r.problems());
        assertEquals(0, r.projectionMismatches(), "projections differ from a replay of the op log: " + r.problems());
        assertEquals(0, r.openFailures() + r.otherFailures(), "the store or the writer failed: " + r.problems());
        // the kills must land while writing, or nothing above was at risk
        assertTrue(r.reportedOps() >= 60, "operations reported committed: " + r.reportedOps());
        assertTrue(r.opsInLog() >= r.reportedOps(), "the log holds " + r.opsInLog() + " of " + r.reportedOps() + " reported");
    }
}
