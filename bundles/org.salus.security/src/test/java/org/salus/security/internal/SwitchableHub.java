package org.salus.security.internal;

import org.salus.security.HubReachability;

/** Hub reachability as the sync daemon will report it; the test switches it. */
final class SwitchableHub implements HubReachability {

    private volatile boolean reachable;

    void set(boolean value) {
        reachable = value;
    }

    @Override
    public boolean hubReachable() {
        return reachable;
    }
}
