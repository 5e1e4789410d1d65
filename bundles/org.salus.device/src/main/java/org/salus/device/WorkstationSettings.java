package org.salus.device;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.command.Actor;

/**
 * The settings of this workstation that an administrator changes: the hubs its sync engine tries, in order, and how
 * long a session may stay idle before it locks. Each change checks the actor's permissions here, whatever screen asks.
 */
@ProviderType
public interface WorkstationSettings {

    /** The brokers the sync engine tries, first to last; empty when the workstation is not enrolled. */
    List<String> hubUrls();

    /**
     * Sets the brokers the sync engine tries, first to last (a LAN hub, then a cloud hub). Needs {@code sync.settings}.
     * Writes {@code hubUrls} and, for engines that know one hub only, {@code hubUrl} (the first).
     *
     * @throws org.salus.core.command.InvalidInputException an empty list, or an address that is not tcp://, ssl://,
     *         ws:// or wss:// with a host and port
     * @throws IllegalStateException the workstation is not enrolled yet
     */
    List<String> setHubUrls(Actor admin, List<String> hubUrls);

    /** How long, in minutes, a session may stay idle before it locks. */
    long idleLockMinutes();

    /**
     * Sets the idle lock time. Needs {@code device.manage}.
     *
     * @throws org.salus.core.command.InvalidInputException outside 1 to 1440 minutes
     */
    long setIdleLockMinutes(Actor admin, long minutes);
}
