package org.salus.hub.monitor;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Whether the hub serves: every required component is up. */
@ProviderType
public interface HubHealth {

    /** @return whether every required component and bundle is up (the hub has printed {@code Salus hub ready}) */
    boolean ready();

    /** @return the required components and bundles that are not up now, by name; empty when ready */
    List<String> waitingFor();
}
