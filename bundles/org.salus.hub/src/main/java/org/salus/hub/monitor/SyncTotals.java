package org.salus.hub.monitor;

import java.util.Map;

/**
 * Counts of everything the hub's sync service has answered since it started.
 *
 * @param pushes push messages answered
 * @param opsAccepted operations stored from pushes
 * @param duplicates operations pushed again that the hub already held (answered, stored once)
 * @param rejected operations and messages refused, by reason ({@code org.salus.sync.wire.RejectReason} names)
 * @param pulls pull requests answered
 * @param opsServed operations sent in pull pages
 * @param pushLatency time to answer a push
 * @param pullLatency time to answer a pull
 */
public record SyncTotals(long pushes, long opsAccepted, long duplicates, Map<String, Long> rejected, long pulls, long opsServed, Latency pushLatency,
        Latency pullLatency) {

    public SyncTotals {
        rejected = Map.copyOf(rejected);
    }
}
