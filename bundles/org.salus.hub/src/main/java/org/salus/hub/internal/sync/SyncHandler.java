package org.salus.hub.internal.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.salus.core.op.OpEnvelope;
import org.salus.sync.hub.AppendResult;
import org.salus.sync.hub.HubLog;
import org.salus.sync.hub.HubLogException;
import org.salus.sync.hub.HubPage;
import org.salus.sync.wire.Ack;
import org.salus.sync.wire.Feed;
import org.salus.sync.wire.Page;
import org.salus.sync.wire.PullRequest;
import org.salus.sync.wire.PushBatch;
import org.salus.sync.wire.Reject;
import org.salus.sync.wire.RejectReason;
import org.salus.sync.wire.SyncCodec;
import org.salus.sync.wire.SyncTopics;
import org.salus.sync.wire.WireFormatException;

/**
 * What the hub answers to one message on a device's push or pull topic. The topic says who sent it: the clinic and
 * device named in the message must be the topic's, and the device must be enrolled for that clinic. A push is stored
 * through the {@link HubLog} and acked on the device's ack topic, and what it added goes to the clinic's feed; a pull
 * is answered with a page on {@code salus/v1/{clinic}/pull-reply/{device}}, and only there, whatever response topic the
 * request names. Anything the hub cannot use is answered with an ack that names the reason; nothing here throws for a
 * bad message. Independent of MQTT, thread-safe.
 */
final class SyncHandler {

    private static final System.Logger LOG = System.getLogger(SyncHandler.class.getName());
    private final HubLog log;
    private final DeviceCheck devices;
    private final SyncCodec codec;
    private final SyncRecorder recorder;
    private final Executor answering;

    SyncHandler(HubLog log, DeviceCheck devices, SyncCodec codec, SyncRecorder recorder) {
        this(log, devices, codec, recorder, Runnable::run);
    }

    /**
     * @param answering where a push's ack and feed are written once the hub log has stored it (not on the hub log's own
     *        thread, which goes on with the next forced write)
     */
    SyncHandler(HubLog log, DeviceCheck devices, SyncCodec codec, SyncRecorder recorder, Executor answering) {
        this.log = log;
        this.devices = devices;
        this.codec = codec;
        this.recorder = recorder;
        this.answering = answering;
    }

    /**
     * @param responseTopic the MQTT 5 response topic of a pull, or null
     * @param correlationData the MQTT 5 correlation data of a pull, or null
     * @return what to publish, in order; empty when the hub log failed (the device retries) or the topic is none of a
     *         device's push or pull topics
     */
    List<Outgoing> onMessage(String topic, byte[] payload, String responseTopic, byte[] correlationData) {
        return onMessage(topic, payload, responseTopic, correlationData, null);
    }

    /** A push read ahead of its turn: the batch, or why it cannot be read. */
    record ReadPush(PushBatch batch, WireFormatException refusal) {
    }

    /** Reads a push; thread-safe, so it may run on another thread before the push's turn comes. */
    ReadPush readPush(byte[] payload) {
        try {
            return new ReadPush(codec.decodePush(payload), null);
        } catch (WireFormatException e) {
            return new ReadPush(null, e);
        }
    }

    /**
     * @param readAhead the push already read by {@link #readPush} (null: it is read here)
     * @see #onMessage(String, byte[], String, byte[])
     */
    List<Outgoing> onMessage(String topic, byte[] payload, String responseTopic, byte[] correlationData, ReadPush readAhead) {
        return answer(topic, payload, responseTopic, correlationData, readAhead).toCompletableFuture().join();
    }

    /**
     * {@link #onMessage} without waiting for the hub log to store a push: everything up to handing the batch to
     * {@link HubLog#appendAsync} is done on the calling thread (so a device's pushes reach the log in arrival order),
     * and the answer follows once the batch is stored. The stage never completes exceptionally.
     */
    CompletionStage<List<Outgoing>> answer(String topic, byte[] payload, String responseTopic, byte[] correlationData, ReadPush readAhead) {
        Optional<SyncTopics.Address> address = SyncTopics.parse(topic);
        if (address.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "ignored a message on {0}: not a device topic of wire format v1", topic);
            return CompletableFuture.completedFuture(List.of());
        }
        SyncTopics.Address a = address.get();
        try {
            return switch (a.kind()) {
                case PUSH -> onPush(a.clinicId(), a.deviceId(), readAhead != null ? readAhead : readPush(payload))
                        .exceptionally(e -> unserved(topic, e));
                case PULL -> CompletableFuture.completedFuture(List.of(onPull(a.clinicId(), a.deviceId(), payload, responseTopic, correlationData)));
                default -> CompletableFuture.completedFuture(List.of());
            };
        } catch (HubLogException e) {
            return CompletableFuture.completedFuture(unserved(topic, e));
        }
    }

    /** No answer: the device keeps its operations and pushes (or pulls) again. */
    private static List<Outgoing> unserved(String topic, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof HubLogException) {
            LOG.log(System.Logger.Level.ERROR, "could not serve " + topic + ": " + cause.getMessage());
        } else if (cause instanceof RejectedExecutionException) {
            LOG.log(System.Logger.Level.INFO, "did not answer " + topic + ": the hub's sync service stops");
        } else {
            LOG.log(System.Logger.Level.ERROR, "could not serve " + topic, cause);
        }
        return List.of();
    }

    private CompletableFuture<List<Outgoing>> onPush(String clinicId, String deviceId, ReadPush read) {
        String ackTopic = SyncTopics.ack(clinicId, deviceId);
        if (read.refusal() != null) {
            WireFormatException e = read.refusal();
            return CompletableFuture.completedFuture(List.of(refusal(ackTopic, null, e.batchId(), clinicId, deviceId, e.reason(), e.detail())));
        }
        PushBatch batch = read.batch();
        if (!batch.clinicId().equals(clinicId)) {
            return CompletableFuture.completedFuture(List.of(refusal(ackTopic, null, batch.batchId(), clinicId, deviceId, RejectReason.WRONG_CLINIC,
                    "the push names clinic " + batch.clinicId() + " but was published on a topic of clinic " + clinicId)));
        }
        if (!batch.deviceId().equals(deviceId)) {
            return CompletableFuture.completedFuture(List.of(refusal(ackTopic, null, batch.batchId(), clinicId, deviceId, RejectReason.WRONG_DEVICE,
                    "the push names device " + batch.deviceId() + " but was published on the topic of device " + deviceId)));
        }
        if (!devices.enrolledFor(deviceId, clinicId)) {
            return CompletableFuture.completedFuture(List.of(forbidden(ackTopic, null, batch.batchId(), clinicId, deviceId)));
        }
        return log.appendAsync(clinicId, deviceId, batch.ops()).toCompletableFuture()
                .thenApplyAsync(r -> acked(clinicId, deviceId, ackTopic, batch, r), answering);
    }

    /** The ack of a stored push, and the feed of what it added. */
    private List<Outgoing> acked(String clinicId, String deviceId, String ackTopic, PushBatch batch, AppendResult r) {
        recorder.pushed(clinicId, deviceId, r.accepted().size(), r.duplicates(), r.rejects(), r.ackedDeviceSeq(),
                r.accepted().stream().mapToLong(OpEnvelope::serverSeq).max().orElse(0));
        List<Outgoing> out = new ArrayList<>();
        out.add(new Outgoing(ackTopic, codec.encode(new Ack(batch.batchId(), deviceId, r.ackedDeviceSeq(), r.accepted().size(), r.duplicates(),
                r.rejects())), null));
        if (!r.accepted().isEmpty()) {
            feed(SyncTopics.feed(clinicId), r.accepted(), out);
        }
        return out;
    }

    private Outgoing onPull(String clinicId, String deviceId, byte[] payload, String responseTopic, byte[] correlation) {
        String replyTopic = SyncTopics.pullReply(clinicId, deviceId);
        if (!replyTopic.equals(responseTopic)) {
            return refusal(replyTopic, correlation, null, clinicId, deviceId, RejectReason.MALFORMED, responseTopic == null
                    ? "a pull needs the MQTT 5 response topic " + replyTopic
                    : "the response topic " + responseTopic + " is not the device's own, " + replyTopic);
        }
        PullRequest request;
        try {
            request = codec.decodePull(payload);
        } catch (WireFormatException e) {
            return refusal(replyTopic, correlation, null, clinicId, deviceId, e.reason(), e.detail());
        }
        if (!devices.enrolledFor(deviceId, clinicId)) {
            return forbidden(replyTopic, correlation, null, clinicId, deviceId);
        }
        HubPage page = log.page(clinicId, request.cursor(), request.limit());
        List<OpEnvelope> ops = page.ops();
        while (true) {
            boolean more = page.more() || ops.size() < page.ops().size();
            long cursor = ops.isEmpty() ? request.cursor() : ops.get(ops.size() - 1).serverSeq();
            byte[] encoded = codec.encode(new Page(ops, cursor, more));
            // a page too large for one message is cut in half until it fits; the device asks again from its cursor
            if (encoded.length <= codec.limits().maxMessageBytes() || ops.size() <= 1) {
                recorder.pulled(clinicId, deviceId, ops.size(), cursor, more);
                return new Outgoing(replyTopic, encoded, correlation);
            }
            ops = ops.subList(0, ops.size() / 2);
        }
    }

    /** The accepted operations as feed messages, each within the largest message (halved until they fit). */
    private void feed(String topic, List<OpEnvelope> ops, List<Outgoing> out) {
        byte[] encoded = codec.encode(new Feed(ops));
        if (encoded.length <= codec.limits().maxMessageBytes() || ops.size() <= 1) {
            out.add(new Outgoing(topic, encoded, null));
            return;
        }
        feed(topic, ops.subList(0, ops.size() / 2), out);
        feed(topic, ops.subList(ops.size() / 2, ops.size()), out);
    }

    private Outgoing forbidden(String topic, byte[] correlation, String batchId, String clinicId, String deviceId) {
        LOG.log(System.Logger.Level.WARNING, "refused device {0} on clinic {1}''s topics: it is not enrolled for that clinic", deviceId, clinicId);
        Reject reject = Reject.ofMessage(RejectReason.FORBIDDEN, "device " + deviceId + " is not enrolled for clinic " + clinicId
                + " at this hub, or it was revoked");
        recorder.refused(clinicId, deviceId, reject);
        return new Outgoing(topic, codec.encode(new Ack(batchId, deviceId, 0, 0, 0, List.of(reject))), correlation);
    }

    /** An ack that refuses the whole message; it still tells the device how far the hub holds its chain. */
    private Outgoing refusal(String topic, byte[] correlation, String batchId, String clinicId, String deviceId, RejectReason reason,
            String detail) {
        LOG.log(System.Logger.Level.INFO, "refused a message of device {0} (clinic {1}): {2}: {3}", deviceId, clinicId, reason, detail);
        long acked = devices.enrolledFor(deviceId, clinicId) ? log.deviceHead(deviceId).seq() : 0;
        Reject reject = Reject.ofMessage(reason, detail);
        recorder.refused(clinicId, deviceId, reject);
        return new Outgoing(topic, codec.encode(new Ack(batchId, deviceId, acked, 0, 0, List.of(reject))),
                correlation == null ? null : Arrays.copyOf(correlation, correlation.length));
    }
}
