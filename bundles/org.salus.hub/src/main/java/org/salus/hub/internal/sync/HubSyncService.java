package org.salus.hub.internal.sync;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.hub.device.DeviceRegistry;
import org.salus.hub.mqtt.BrokerAccess;
import org.salus.sync.hub.HubLog;
import org.salus.sync.wire.SyncCodec;
import org.salus.sync.wire.SyncLimits;
import org.salus.sync.wire.SyncTopics;

/**
 * The hub's sync service: one MQTT 5 client that takes every clinic's pushes and pulls through shared subscriptions
 * ({@code $share/hub/salus/v1/+/push/+} and {@code .../pull/+}, so several hub instances split the work), checks and
 * stores them through the {@link HubLog}, and answers with acks, pages and the clinic's feed (see {@link SyncHandler}).
 * <p>
 * With no {@code brokerUrl} it connects to the embedded broker with the service identity that broker offers as
 * {@link BrokerAccess}; a restarted broker brings a new identity, and this component starts again with it. With a
 * {@code brokerUrl} it connects there with the configured user name and password.
 */
@Component(name = SyncConfig.PID, configurationPid = SyncConfig.PID, immediate = true, service = {})
@Designate(ocd = SyncConfig.class)
public class HubSyncService {

    /** Per worker: messages waiting before the MQTT client is slowed down. */
    private static final int LANE_DEPTH = 256;
    /** Pushes read ahead of their turn at most at once: each holds a whole batch in memory until its turn. */
    private static final int MAX_READ_AHEAD = 8;
    /** Smaller pushes are read in their lane: for them a hand-over to a reader costs more than it saves. */
    private static final int READ_AHEAD_MIN_BYTES = 32 * 1024;
    /** Messages handed to the hub log and not yet answered, at most, over all devices; then the lanes wait. */
    private static final int MAX_UNANSWERED = 64;

    private final Lanes lanes;
    private final BrokerLink link;
    /** Reads pushes while the lanes store the ones before them (a device's pushes are stored one after another). */
    private final ExecutorService readers;
    /** Writes acks and feeds once the hub log has stored a push. */
    private final ExecutorService answering;
    private final AtomicInteger readingAhead = new AtomicInteger();

    @Activate
    public HubSyncService(BundleContext context, SyncConfig config, @Reference HubLog log, @Reference DeviceRegistry registry,
            @Reference SyncRecorder recorder,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) BrokerAccess broker)
            throws MqttException, InterruptedException {
        BrokerLink.Target target = target(config, broker);
        if (target == null) {
            if (context.getBundle(0).getState() != Bundle.STOPPING) {
                System.out.println("Salus hub sync waits for the embedded broker (or set brokerUrl in the configuration " + SyncConfig.PID + ")");
            }
            lanes = null;
            link = null;
            readers = null;
            answering = null;
            return;
        }
        SyncCodec codec = new SyncCodec(SyncLimits.STANDARD.withMaxMessageBytes(config.maxMessageBytes()));
        AtomicInteger answerNumber = new AtomicInteger();
        ExecutorService answering = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "salus-hub-sync-answer-" + answerNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        SyncHandler handler = new SyncHandler(log, (device, clinic) -> registry.devices().stream()
                .anyMatch(d -> d.deviceId().equals(device) && d.clinicId().equals(clinic)), codec, recorder, answering);
        InOrder answers = new InOrder(MAX_UNANSWERED);
        List<String> filters = List.of(SyncTopics.sharedFilter(config.shareGroup(), SyncTopics.Kind.PUSH),
                SyncTopics.sharedFilter(config.shareGroup(), SyncTopics.Kind.PULL));
        Lanes workers = new Lanes(config.workers(), LANE_DEPTH, "salus-hub-sync");
        AtomicInteger readerNumber = new AtomicInteger();
        ExecutorService reading = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "salus-hub-sync-read-" + readerNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        BrokerLink[] self = new BrokerLink[1];
        try {
            self[0] = new BrokerLink(target, filters, (topic, message) -> {
                long arrived = System.nanoTime();
                Instant arrivedAt = Instant.now();
                byte[] payload = message.getPayload();
                MqttProperties p = message.getProperties();
                String responseTopic = p == null ? null : p.getResponseTopic();
                byte[] correlation = p == null ? null : p.getCorrelationData();
                Instant sentAt = SentAt.of(p);
                CompletableFuture<SyncHandler.ReadPush> ahead = readAhead(topic, payload, handler, reading);
                // one device's messages in order: the lane is chosen by the topic's device
                String device = topic.substring(topic.lastIndexOf('/') + 1);
                workers.submit(device, () -> {
                    SyncHandler.ReadPush read = null;
                    if (ahead != null) {
                        try {
                            read = ahead.join();
                        } finally {
                            readingAhead.decrementAndGet();
                        }
                    }
                    SyncHandler.ReadPush readPush = read;
                    try {
                        // the lane goes on with the device's next message while the hub log stores this one
                        answers.add(device, () -> handler.answer(topic, payload, responseTopic, correlation, readPush), out -> {
                            out.forEach(self[0]::publish);
                            SyncTopics.parse(topic).ifPresent(a -> recorder.answered(a.kind() == SyncTopics.Kind.PUSH ? SyncRecorder.Kind.PUSH
                                    : SyncRecorder.Kind.PULL, a.clinicId(), a.deviceId(), System.nanoTime() - arrived, sentAt, arrivedAt));
                        });
                    } catch (InterruptedException e) {
                        // the hub stops: the device gets no answer and sends again
                        Thread.currentThread().interrupt();
                    }
                });
            });
        } catch (MqttException | RuntimeException e) {
            workers.stop(0);
            reading.shutdownNow();
            answering.shutdownNow();
            throw e;
        }
        lanes = workers;
        readers = reading;
        this.answering = answering;
        link = self[0];
        link.start();
        if (!link.awaitSubscribed(config.connectWaitMillis())) {
            System.out.println("Salus hub sync is not serving yet: it keeps connecting to " + target.description() + " in the background");
        }
    }

    /**
     * Starts reading a large push on a reader thread, so that the push's lane finds it read when its turn comes; null
     * for anything else, and when {@link #MAX_READ_AHEAD} pushes are read ahead already (the lane then reads it itself).
     */
    private CompletableFuture<SyncHandler.ReadPush> readAhead(String topic, byte[] payload, SyncHandler handler, ExecutorService reading) {
        if (payload.length < READ_AHEAD_MIN_BYTES || SyncTopics.parse(topic).filter(a -> a.kind() == SyncTopics.Kind.PUSH).isEmpty()) {
            return null;
        }
        if (readingAhead.incrementAndGet() > MAX_READ_AHEAD) {
            readingAhead.decrementAndGet();
            return null;
        }
        try {
            return CompletableFuture.supplyAsync(() -> handler.readPush(payload), reading);
        } catch (RejectedExecutionException e) {
            readingAhead.decrementAndGet();
            return null;
        }
    }

    /** The broker to connect to: the configured external one, else the embedded one, else none yet. */
    static BrokerLink.Target target(SyncConfig config, BrokerAccess broker) {
        String clientId = config.clientId() == null || config.clientId().isBlank() ? null : config.clientId().trim();
        if (config.brokerUrl() != null && !config.brokerUrl().isBlank()) {
            String url = config.brokerUrl().trim();
            String user = config.username() == null ? "" : config.username().trim();
            return new BrokerLink.Target(url, clientId != null ? clientId : "hub.sync-" + random(), user,
                    config.password() == null ? new char[0] : config.password().toCharArray(),
                    url + (user.isEmpty() ? " (anonymous)" : " as " + user));
        }
        if (broker == null) {
            return null;
        }
        String id = broker.clientIdPrefix() + "sync-" + random();
        return new BrokerLink.Target(broker.serverUri(), id, broker.userName(), broker.password(),
                "the embedded broker " + broker.serverUri() + " as " + id);
    }

    private static String random() {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Deactivate
    void deactivate() {
        if (link != null) {
            link.stop();
        }
        if (lanes != null) {
            lanes.stop(5_000);
        }
        if (readers != null) {
            // after the lanes, and letting queued reads finish: a lane may still wait for a push being read
            readers.shutdown();
        }
        if (answering != null) {
            // pushes the hub log still stores are answered no more; the devices push them again and learn they are held
            answering.shutdown();
        }
    }
}
