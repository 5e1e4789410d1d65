package org.salus.sync.mqtt.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.sync.wire.Ack;
import org.salus.sync.wire.Page;
import org.salus.sync.wire.PullRequest;
import org.salus.sync.wire.PushBatch;
import org.salus.sync.wire.Reject;
import org.salus.sync.wire.RejectReason;
import org.salus.sync.wire.SyncCodec;
import org.salus.sync.wire.SyncMessage;
import org.salus.sync.wire.SyncTopics;

/**
 * A hub for unit tests that answers at once on the calling thread: it keeps each device's head, acks pushes that
 * continue it (refusing the operations {@link #refuse} names), and serves pages from {@link #clinicOps}.
 */
final class ScriptedHub implements HubLink {

    final SyncCodec codec = new SyncCodec();
    final String clinicId;
    /** Written by the engine's thread, read by the test's. */
    final List<PushBatch> pushes = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<PullRequest> pulls = new ArrayList<>();
    final Map<String, ChainHead> heads = new HashMap<>();
    /** The clinic's operations, with serverSeqs, as the hub would page them. */
    final List<OpEnvelope> clinicOps = new ArrayList<>();
    /** Operations to refuse, by opId, with the reason. */
    final Map<String, RejectReason> refuse = new HashMap<>();
    /** When set, replaces the page the hub would send. */
    Function<PullRequest, byte[]> pageOverride;
    boolean reachable = true;
    boolean answerPushes = true;
    /** The largest push the hub reads, in bytes; a larger one is refused whole, as the hub's codec does. */
    int maxMessageBytes = Integer.MAX_VALUE;
    int connects;
    private Inbox inbox;
    private boolean connected;

    ScriptedHub(String clinicId) {
        this.clinicId = clinicId;
    }

    @Override
    public void connect(List<String> topics, Inbox in) {
        if (!reachable) {
            throw new IllegalStateException("connection refused");
        }
        connects++;
        inbox = in;
        connected = true;
    }

    @Override
    public boolean connected() {
        return connected && reachable;
    }

    @Override
    public void publish(String topic, byte[] payload) throws Exception {
        if (!connected()) {
            throw new IllegalStateException("not connected");
        }
        PushBatch b = codec.decodePush(payload);
        pushes.add(b);
        if (!answerPushes) {
            return;
        }
        ChainHead head = heads.getOrDefault(b.deviceId(), ChainHead.empty(b.deviceId()));
        if (payload.length > maxMessageBytes) {
            // refused before it is read: the ack names no batch
            inbox.arrived(SyncTopics.ack(clinicId, b.deviceId()), codec.encode(new Ack(null, b.deviceId(), head.seq(), 0, 0,
                    List.of(Reject.ofMessage(RejectReason.TOO_LARGE, "the message has " + payload.length + " bytes; at most " + maxMessageBytes
                            + " are allowed")))), null);
            return;
        }
        int accepted = 0;
        int duplicates = 0;
        List<Reject> rejects = new ArrayList<>();
        for (OpEnvelope op : b.ops()) {
            if (!rejects.isEmpty()) {
                rejects.add(new Reject(op.opId(), op.deviceSeq(), RejectReason.SEQ_GAP, "missing before it"));
            } else if (op.deviceSeq() <= head.seq()) {
                duplicates++;
            } else if (refuse.containsKey(op.opId())) {
                rejects.add(new Reject(op.opId(), op.deviceSeq(), refuse.get(op.opId()), "refused by the script"));
            } else if (op.deviceSeq() != head.seq() + 1) {
                rejects.add(new Reject(op.opId(), op.deviceSeq(), RejectReason.SEQ_GAP, "the hub holds up to " + head.seq()));
            } else {
                head = ChainHead.after(op);
                accepted++;
                clinicOps.add(op.acceptedByHub(clinicOps.size() + 1, java.time.Instant.parse("2026-01-01T00:00:00Z")));
            }
        }
        heads.put(b.deviceId(), head);
        inbox.arrived(SyncTopics.ack(clinicId, b.deviceId()), codec.encode(new Ack(b.batchId(), b.deviceId(), head.seq(), accepted,
                duplicates, rejects)), null);
    }

    @Override
    public void request(String topic, byte[] payload, String responseTopic, byte[] correlation) throws Exception {
        if (!connected()) {
            throw new IllegalStateException("not connected");
        }
        PullRequest r = codec.decodePull(payload);
        pulls.add(r);
        byte[] answer;
        if (pageOverride != null) {
            answer = pageOverride.apply(r);
        } else {
            List<OpEnvelope> after = clinicOps.stream().filter(o -> o.serverSeq() > r.cursor()).limit(r.limit()).toList();
            long cursor = after.isEmpty() ? r.cursor() : after.get(after.size() - 1).serverSeq();
            answer = codec.encode(new Page(after, cursor, clinicOps.stream().anyMatch(o -> o.serverSeq() > cursor)));
        }
        inbox.arrived(responseTopic, answer, correlation);
    }

    /** Delivers a message on a topic, as the broker would. */
    void deliver(String topic, SyncMessage m) {
        inbox.arrived(topic, codec.encode(m), null);
    }

    void deliverRaw(String topic, byte[] payload) {
        inbox.arrived(topic, payload, null);
    }

    @Override
    public void disconnect() {
        connected = false;
    }

    /** The connection drops, as when the broker goes away: the link reports it. */
    void drop() {
        connected = false;
        inbox.lost("the broker went away");
    }

    @Override
    public String describe() {
        return "the scripted hub";
    }
}
