package org.salus.device;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.command.Actor;

/**
 * Joins this workstation to a hub. An administrator reads a pairing code off the hub ({@code salus-hub-admin pair}),
 * enters it here with the hub's address; the workstation asks the hub to join, the hub's administrator approves, and the
 * workstation collects its credentials once and configures its sync engine with them. Every call needs a session whose
 * roles grant {@code device.manage}.
 */
@ProviderType
public interface Enrolment {

    /**
     * Asks the hub to let this workstation join. Uses up the pairing code, whatever the hub's administrator decides.
     *
     * @param hub the hub's HTTP address, such as {@code http://hub.clinic.local:8180}, {@code 10.0.0.5:8180} or
     *        {@code hub.clinic.local} (http and port 8180 when not given)
     * @param brokerUrls the hub's MQTT brokers in the order the engine tries them (the LAN hub first), such as
     *        {@code tcp://hub.clinic.local:1883}; empty to take the hub's host on port 1883
     * @param pairingCode the code the hub showed ({@code K7QM-3XWD}; case and dash do not matter)
     * @param deviceName how the hub's administrator sees this workstation (the front desk PC)
     * @return the request, to wait for with {@link #awaitApproval}
     * @throws EnrolmentFailedException a wrong or expired code, too many attempts, an unreachable hub, bad input
     * @throws org.salus.core.access.AccessRefusedException the actor may not manage this device
     */
    EnrolmentTicket request(Actor admin, String hub, List<String> brokerUrls, String pairingCode, String deviceName);

    /**
     * Waits until the hub's administrator decides, asking the hub every few seconds; once approved, collects the
     * credentials, keeps the secret in the {@link DeviceSecrets} store and configures the sync engine (ConfigAdmin pid
     * {@code org.salus.sync.mqtt}) and the device ({@code org.salus.core.device}) for the hub's clinic. Blocks: call it
     * off the UI thread.
     *
     * @param patience how long to wait for the decision
     * @return what this workstation is now
     * @throws EnrolmentFailedException DENIED, TIMED_OUT, HUB_UNREACHABLE, ...
     */
    Enrolled awaitApproval(Actor admin, EnrolmentTicket ticket, Duration patience) throws InterruptedException;

    /** The hub this workstation is enrolled at, as its sync engine is configured, if any. */
    Optional<Enrolled> enrolled();
}
