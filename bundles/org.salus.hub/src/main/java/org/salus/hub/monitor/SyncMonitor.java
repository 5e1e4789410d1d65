package org.salus.hub.monitor;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** How sync goes through this hub: totals, and one status per device. Figures count from the hub's start. */
@ProviderType
public interface SyncMonitor {

    /** @return every device the hub has heard from or knows as enrolled, ordered by clinic and device id */
    List<DeviceSyncStatus> devices();

    /** @return the totals so far */
    SyncTotals totals();
}
