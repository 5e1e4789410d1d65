package org.salus.security;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Tells whether this device can reach its hub now; the sync daemon provides it. While it says no, or while no such
 * service is running, the device counts as offline and only users who logged in on it before (or whose password was
 * set on it) may log in.
 */
@ConsumerType
public interface HubReachability {

    /** Whether the hub answered recently enough to count as reachable now. */
    boolean hubReachable();
}
