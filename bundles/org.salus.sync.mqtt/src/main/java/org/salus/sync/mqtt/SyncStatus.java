package org.salus.sync.mqtt;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The sync engine of one device, offered as a service while it runs (with the service properties {@code clinicId} and
 * {@code deviceId}). Offline is normal: the engine keeps trying with growing pauses, and local commands never wait for it.
 */
@ProviderType
public interface SyncStatus {

    /** The state now: connection, last successful sync, backlog, last error, refused operations. */
    SyncState state();

    /**
     * Syncs at once: connects if needed (without waiting for the next retry), pushes the backlog, retries a refused
     * push, and pulls until the hub has nothing more. Never blocks the caller.
     *
     * @return completes with the state after that round, successful or not
     */
    CompletionStage<SyncState> syncNow();

    /**
     * Stock batches whose quantity on hand is below zero. Two devices may dispense the same stock while apart; the
     * merge keeps both dispenses and shows the shortfall here instead of refusing either.
     */
    List<NegativeStock> negativeStock();
}
