package org.salus.sync.mqtt.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.salus.core.op.OpEnvelope;
import org.salus.sync.mqtt.NegativeStock;
import org.salus.sync.mqtt.RejectedOp;
import org.salus.sync.mqtt.SyncState;
import org.salus.sync.wire.Ack;
import org.salus.sync.wire.Feed;
import org.salus.sync.wire.Page;
import org.salus.sync.wire.PullRequest;
import org.salus.sync.wire.PushBatch;
import org.salus.sync.wire.Reject;
import org.salus.sync.wire.RejectReason;
import org.salus.sync.wire.SyncCodec;
import org.salus.sync.wire.SyncLimits;
import org.salus.sync.wire.SyncMessage;
import org.salus.sync.wire.SyncTopics;
import org.salus.sync.wire.WireFormatException;

/**
 * The sync engine of one device. One worker thread does everything that touches the hub or the store, so pushes,
 * pulls and feed messages never race each other; the connection's thread only hands messages over (it decodes acks
 * and the answers to pulls on the way, so that the next page is decoded while the worker applies one).
 * <p>
 * A round: connect when needed (after a failure only once the retry pause is over, doubling up to the longest),
 * apply the feed that arrived, push this device's operations after the hub's last ack in batches (a few in flight,
 * until each is acked), then pull pages from the stored cursor until the hub has no more (the next one asked for while
 * one is applied). The worker runs a round every
 * {@code pollMillis}; pulls happen after a connect, after a gap in the feed, every {@code resyncMillis}, and on
 * {@link #syncNow()}. Operations the hub refuses are kept (see {@link DeviceLog}) and retried after
 * {@code rejectRetryMillis}; their successors wait, since each links to the one before.
 */
final class SyncEngine {

    private static final System.Logger LOG = System.getLogger(SyncEngine.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Pushes in flight at once: enough to keep the hub busy while the next batch is read and sent. */
    static final int PUSH_WINDOW = 4;
    /** The acked position is written to the store at least this often (in operations) during a long push. */
    static final long ACK_WRITE_OPS = 5_000;
    /** The most feed operations ingested in one transaction. */
    static final int FEED_RUN_OPS = 5_000;

    /** A round could not finish; the message is for a person. */
    static final class RoundFailed extends Exception {
        private static final long serialVersionUID = 1L;

        RoundFailed(String message) {
            super(message);
        }
    }

    /**
     * An answer to a pull, decoded on the connection's thread as it arrives: the worker applies one page while the
     * next is decoded. {@code message} is null when it could not be decoded, and {@code error} says why.
     */
    private record Reply(byte[] correlation, SyncMessage message, WireFormatException error) {
    }

    /**
     * Put in the answer queues when the engine stops or the connection drops, so that a round waiting for the hub's
     * answer ends at once instead of after {@code answerWaitMillis}: nothing answers a closed connection.
     */
    private static final Ack WAKE_ACK = new Ack(null, "-", 0, 0, 0, List.of());
    private static final Reply WAKE_REPLY = new Reply(new byte[0], null, null);

    private final SyncSettings settings;
    private final DeviceLog log;
    private final HubLink link;
    private final Clock clock;
    private final SyncCodec codec = new SyncCodec();
    private final ScheduledExecutorService worker;
    private final BlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<byte[]> feed = new ConcurrentLinkedQueue<>();
    private final String ackTopic;
    private final String replyTopic;
    private final String feedTopic;

    // written by the worker, read by anyone
    private volatile Instant lastSuccess;
    private volatile String lastError;
    private volatile long hubDuplicates;
    private volatile long refusedMessages;
    private volatile String lastRefusal;
    private volatile DeviceLog.Position lastPosition = new DeviceLog.Position(0, 0, 0);
    private volatile boolean stopping;
    // the worker's own
    private long retryPause;
    private long nextConnectAt;
    private long nextPullAt;
    private long holdPushUntil;
    /** Whether a refused operation holds back this device's pushes (the round then does not count as a success). */
    private boolean held;
    private boolean pullWanted = true;
    private boolean wasConnected;
    /**
     * The largest push this device sends, in bytes: the standard largest message until the hub refuses a push as too
     * large (a hub may be configured lower), then half the refused push's size, and so on.
     */
    private int pushBytes = SyncLimits.STANDARD.maxMessageBytes();
    /**
     * The largest push the hub took whole since the last connect or missed answer: a refusal as too large cannot be the
     * answer to a push of this size or less (it is a late answer to a push of an earlier round).
     */
    private int largestTaken;

    SyncEngine(SyncSettings settings, DeviceLog log, HubLink link, Clock clock) {
        this.settings = settings;
        this.log = log;
        this.link = link;
        this.clock = clock;
        this.retryPause = settings.retryMinMillis();
        this.ackTopic = SyncTopics.ack(settings.clinicId(), settings.deviceId());
        this.replyTopic = SyncTopics.pullReply(settings.clinicId(), settings.deviceId());
        this.feedTopic = SyncTopics.feed(settings.clinicId());
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "salus-sync-" + settings.deviceId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits until the worker has run everything handed to it so far (a feed message included). */
    void awaitIdle() throws Exception {
        worker.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    void start() {
        worker.scheduleWithFixedDelay(() -> round(false), 0, settings.pollMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the worker and disconnects. A round in progress is not interrupted: an interrupt that lands while the
     * worker writes to the clinic store closes the store's file under it (H2 then fails the store). A round waiting for
     * the hub's answer is woken at once and ends, keeping the acked position it reached, while the connection closes;
     * a round still running after 10 s is interrupted.
     */
    void stop() {
        stopping = true;
        worker.shutdown();
        wake();
        link.disconnect();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                worker.shutdownNow();
                worker.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    CompletionStage<SyncState> syncNow() {
        CompletableFuture<SyncState> done = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                round(true);
                done.complete(state());
            });
        } catch (RejectedExecutionException e) {
            done.complete(state());
        }
        return done;
    }

    SyncState state() {
        DeviceLog.Position p = lastPosition;
        List<RejectedOp> rejected = List.of();
        try {
            p = log.position();
            rejected = log.rejects();
        } catch (RuntimeException e) {
            // the store is closing: the last position the worker saw will do
        }
        return new SyncState(settings.clinicId(), settings.deviceId(), link.connected(), lastSuccess, p.backlog(), p.ackedSeq(), p.cursor(),
                lastError, rejected, hubDuplicates, refusedMessages, lastRefusal, link.target());
    }

    List<NegativeStock> negativeStock() {
        return log.negativeStock();
    }

    // ---- the worker ----

    /** One round; never throws (a failure is recorded and the next round tries again). */
    void round(boolean forced) {
        if (stopping) {
            return;
        }
        long now = clock.millis();
        try {
            if (!link.connected()) {
                if (!forced && now < nextConnectAt) {
                    return;
                }
                connect();
            } else if (link.returnToPreferred()) {
                // an earlier hub target is back: the feed of the one left may have missed something, a pull repairs it
                LOG.log(System.Logger.Level.INFO, "Salus sync of device {0} moved back to {1}", settings.deviceId(), link.describe());
                pullWanted = true;
            }
            boolean fedOk = applyFeed();
            int pushed = push(forced);
            // the feed brought back what was just pushed: applied first, the pull that follows need not fetch it again
            fedOk &= applyFeed();
            boolean pulled = false;
            if (pullWanted || forced || clock.millis() >= nextPullAt) {
                pullAll();
                pullWanted = false;
                nextPullAt = clock.millis() + settings.resyncMillis();
                pulled = true;
            }
            if (fedOk && !held && (pushed > 0 || pulled || forced)) {
                succeeded();
            }
        } catch (RoundFailed e) {
            if (!stopping) {
                failed(e.getMessage());
            }
        } catch (RuntimeException e) {
            // the store failed or closed under the round: nothing half-done was kept, the next round tries again
            if (!stopping) {
                failed("the round stopped on " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                lastPosition = log.position();
            } catch (RuntimeException e) {
                // keep the last one seen
            }
        }
    }

    private void succeeded() {
        lastSuccess = clock.instant();
        if (lastError != null) {
            LOG.log(System.Logger.Level.INFO, "Salus sync of device {0}: in sync with the hub again", settings.deviceId());
        }
        lastError = null;
        retryPause = settings.retryMinMillis();
    }

    private void failed(String why) {
        if (!why.equals(lastError)) {
            LOG.log(System.Logger.Level.WARNING, "Salus sync of device " + settings.deviceId() + ": " + why);
        }
        lastError = why;
        if (!link.connected()) {
            // offline is normal: wait, then try again with a longer pause, with some jitter so devices do not all return at once
            long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, retryPause / 5));
            nextConnectAt = clock.millis() + retryPause + jitter;
            retryPause = Math.min(settings.retryMaxMillis(), retryPause * 2);
        }
    }

    private void connect() throws RoundFailed {
        acks.clear();
        replies.clear();
        largestTaken = 0;
        try {
            link.connect(List.of(ackTopic, replyTopic, feedTopic), new HubLink.Inbox() {
                @Override
                public void arrived(String topic, byte[] payload, byte[] correlation) {
                    onMessage(topic, payload, correlation);
                }

                @Override
                public void lost(String why) {
                    if (!stopping) {
                        LOG.log(System.Logger.Level.INFO, "Salus sync of device {0} lost the hub: {1}", settings.deviceId(), why);
                        lastError = "lost the connection to the hub at " + link.describe() + ": " + why;
                    }
                    wake();
                }
            });
        } catch (Exception e) {
            link.disconnect();
            throw new RoundFailed("cannot reach the hub at " + link.describe() + ": " + e.getMessage());
        }
        if (!wasConnected) {
            LOG.log(System.Logger.Level.INFO, "Salus sync of device {0} connected to {1}", settings.deviceId(), link.describe());
        }
        wasConnected = true;
        pullWanted = true;
        retryPause = settings.retryMinMillis();
    }

    /** Wakes a round that waits for the hub's answer; it goes on waiting only while the engine runs and the link is up. */
    private void wake() {
        acks.add(WAKE_ACK);
        replies.add(WAKE_REPLY);
    }

    /** On the connection's thread: hand over, never block. */
    void onMessage(String topic, byte[] payload, byte[] correlation) {
        if (topic.equals(ackTopic)) {
            try {
                acks.add(codec.decodeAck(payload));
            } catch (WireFormatException e) {
                LOG.log(System.Logger.Level.ERROR, "Salus sync of device " + settings.deviceId() + ": an unreadable ack on " + topic
                        + " was ignored: " + e.getMessage());
            }
        } else if (topic.equals(replyTopic)) {
            SyncMessage m = null;
            WireFormatException error = null;
            try {
                m = codec.decode(payload);
            } catch (WireFormatException e) {
                error = e;
            }
            replies.add(new Reply(correlation, m, error));
        } else if (topic.equals(feedTopic)) {
            feed.add(payload);
            try {
                worker.execute(this::applyFeedNow);
            } catch (RejectedExecutionException e) {
                // stopping; a pull at the next start brings it
            }
        }
    }

    private void applyFeedNow() {
        if (!stopping) {
            try {
                applyFeed();
            } catch (RuntimeException e) {
                failed("the feed could not be applied: " + e);
            }
        }
    }

    /**
     * Applies the feed messages that arrived: those that follow the cursor one after another are ingested together, in
     * one transaction with the cursor (at most {@link #FEED_RUN_OPS} operations), so a burst of feed messages costs one
     * commit, not one each. A gap (or anything unreadable) asks for a pull, which repairs it.
     *
     * @return false when a feed message was refused
     */
    boolean applyFeed() {
        boolean ok = true;
        List<OpEnvelope> run = new ArrayList<>();
        long end = -1;
        byte[] payload;
        while ((payload = feed.poll()) != null) {
            Feed f;
            try {
                f = codec.decodeFeed(payload);
            } catch (WireFormatException e) {
                ok = false;
                pullWanted = true;
                refused("an unreadable message on the feed " + feedTopic + " was ignored (" + e.getMessage()
                        + "); the next pull repairs any gap");
                continue;
            }
            if (f.ops().isEmpty()) {
                continue;
            }
            if (end < 0) {
                end = log.position().cursor();
            }
            long first = f.ops().get(0).serverSeq();
            long last = f.ops().get(f.ops().size() - 1).serverSeq();
            if (last <= end) {
                continue;
            }
            if (first > end + 1) {
                pullWanted = true;
                continue;
            }
            for (OpEnvelope op : f.ops()) {
                if (op.serverSeq() > end) {
                    run.add(op);
                }
            }
            end = last;
            if (run.size() >= FEED_RUN_OPS) {
                ok &= ingestFeed(run);
                run.clear();
                end = -1;
            }
        }
        if (!run.isEmpty()) {
            ok &= ingestFeed(run);
        }
        return ok;
    }

    private boolean ingestFeed(List<OpEnvelope> run) {
        try {
            report(log.ingest(run));
            return true;
        } catch (IngestRefusedException e) {
            pullWanted = true;
            refused("feed messages were not applied, nothing of them was kept: " + e.getMessage());
            return false;
        }
    }

    /** A push sent and not yet answered: its batch id, first and last deviceSeq, first opId, operations and bytes. */
    private record InFlight(String batchId, long firstSeq, long lastSeq, String firstOpId, int ops, int bytes) {
    }

    /** An ack and the push it answers; {@code skipped}: pushes sent before that one were answered without an ack of their own. */
    private record Answer(Ack ack, InFlight push, boolean skipped) {
    }

    /**
     * Pushes this device's operations after the hub's last ack in batches, with up to {@link #PUSH_WINDOW} of them in
     * flight: the next batch is read and sent while the hub checks and stores the ones before it. The hub handles a
     * device's pushes in order and each ack carries the device's whole acked position, so an ack also covers every
     * batch sent before its own; when the hub holds less than a batch it acked (a gap, a refusal), the batches after
     * it are forgotten and the outbox goes on from what the hub holds (their late acks are ignored, and what they carry
     * again is counted as duplicates). A batch is cut to {@link #pushBytes}; a push the hub refuses as too large halves
     * that and the outbox goes on from the hub's position with smaller batches, and one operation too large on its own
     * is refused like a bad one. The acked position is written to the store when the round ends, when a refusal holds
     * the pushes, and at least every {@link #ACK_WRITE_OPS} operations, so a crash costs a resend, never an operation.
     *
     * @return how many operations the hub accepted or already held
     */
    int push(boolean forced) throws RoundFailed, InterruptedException {
        if (!forced && clock.millis() < holdPushUntil) {
            return 0;
        }
        held = false;
        int moved = 0;
        DeviceLog.Position p = log.position();
        long localSeq = p.localSeq();
        long acked = p.ackedSeq();
        long stored = acked;
        long sent = acked;
        // where the outbox last went back to; going back there again without progress ends the round
        long rewoundAt = -1;
        ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
        // pushes sent before the outbox went back: the hub still answers them, in order, before the ones sent since
        ArrayDeque<InFlight> forgotten = new ArrayDeque<>();
        try {
            while (true) {
                while (inFlight.size() < PUSH_WINDOW && sent < localSeq) {
                    List<OpEnvelope> batch = log.outbox(sent, settings.pushBatchOps());
                    if (batch.isEmpty()) {
                        break;
                    }
                    String batchId = UUID.randomUUID().toString();
                    byte[] message = codec.encode(new PushBatch(batchId, settings.clinicId(), settings.deviceId(), batch));
                    while (message.length > pushBytes && batch.size() > 1) {
                        int fits = (int) Math.max(1, Math.min(batch.size() - 1, (long) batch.size() * pushBytes / message.length));
                        batch = batch.subList(0, fits);
                        message = codec.encode(new PushBatch(batchId, settings.clinicId(), settings.deviceId(), batch));
                    }
                    try {
                        link.publish(SyncTopics.push(settings.clinicId(), settings.deviceId()), message);
                    } catch (Exception e) {
                        link.disconnect();
                        throw new RoundFailed("could not push to the hub at " + link.describe() + ": " + e.getMessage());
                    }
                    sent = batch.get(batch.size() - 1).deviceSeq();
                    inFlight.add(new InFlight(batchId, batch.get(0).deviceSeq(), sent, batch.get(0).opId(), batch.size(), message.length));
                }
                if (inFlight.isEmpty()) {
                    return moved;
                }
                Answer answer = awaitAck(inFlight, forgotten);
                Ack ack = answer.ack();
                InFlight answered = answer.push();
                hubDuplicates += ack.duplicates();
                moved += ack.accepted() + ack.duplicates();
                // never beyond what this store holds; lower is kept too: the hub is the truth, and the outbox rewinds
                long kept = Math.min(ack.ackedDeviceSeq(), localSeq);
                Reject blocking = ack.rejects().stream().filter(r -> r.deviceSeq() == kept + 1).findFirst().orElse(null);
                boolean wholeRefused = ack.rejects().stream().anyMatch(r -> r.opId() == null);
                if (ack.batchId() == null && tooLarge(ack)) {
                    if (answered.ops() == 1 && answered.firstSeq() == kept + 1) {
                        wholeRefused = false;
                        // one operation larger than the hub takes in a message: it waits like an operation the hub refused
                        blocking = new Reject(answered.firstOpId(), answered.firstSeq(), RejectReason.TOO_LARGE, "pushed alone it makes a message"
                                + " of " + answered.bytes() + " bytes, more than the hub takes: " + ack.rejects().get(0).detail());
                    } else {
                        if (answered.ops() > 1 && answered.bytes() / 2 < pushBytes) {
                            pushBytes = Math.max(1, answered.bytes() / 2);
                            LOG.log(System.Logger.Level.INFO, "Salus sync of device {0}: the hub refused a push of {1} bytes as too large ({2});"
                                    + " pushes are cut to {3} bytes from now on", settings.deviceId(), answered.bytes(),
                                    ack.rejects().get(0).detail(), pushBytes);
                        }
                        // what was sent after it cannot follow: go on from the hub's position with smaller pushes
                        forgotten.addAll(inFlight);
                        inFlight.clear();
                        acked = kept;
                        sent = kept;
                        rewoundAt = kept;
                        continue;
                    }
                }
                if (wholeRefused) {
                    acked = kept;
                    Reject r = ack.rejects().stream().filter(x -> x.opId() == null).findFirst().orElseThrow();
                    throw new RoundFailed("the hub refused a push: " + r.reason() + ": " + r.detail());
                }
                if (blocking != null && blocking.reason() != RejectReason.SEQ_GAP) {
                    stored = log.acked(kept);
                    log.rejected(new RejectedOp(blocking.opId(), blocking.deviceSeq(), blocking.reason().wireName(), blocking.detail(),
                            clock.instant()));
                    holdPushUntil = clock.millis() + settings.rejectRetryMillis();
                    held = true;
                    String waiting = (localSeq - kept - 1) + " operations after it wait here";
                    lastError = "the hub refused operation " + blocking.opId() + " (deviceSeq " + blocking.deviceSeq() + "): "
                            + blocking.reason() + ": " + blocking.detail() + "; " + waiting;
                    LOG.log(System.Logger.Level.ERROR, "Salus sync of device " + settings.deviceId() + ": " + lastError);
                    return moved;
                }
                if (ack.batchId() != null) {
                    largestTaken = Math.max(largestTaken, answered.bytes());
                }
                if (kept == acked && ack.accepted() == 0 && ack.duplicates() == 0 && (!answer.skipped() || kept == rewoundAt)) {
                    throw new RoundFailed("the hub acknowledged nothing of a push after deviceSeq " + acked + " ("
                            + ack.rejects().stream().map(r -> r.reason() + ": " + r.detail()).toList() + ")");
                }
                acked = kept;
                holdPushUntil = 0;
                if (kept < answered.lastSeq()) {
                    // the hub holds less than this batch: what was sent after it cannot follow; go on from the hub's position
                    forgotten.addAll(inFlight);
                    inFlight.clear();
                    sent = kept;
                    rewoundAt = kept;
                }
                if (Math.abs(acked - stored) >= ACK_WRITE_OPS || (inFlight.isEmpty() && sent >= localSeq)) {
                    stored = log.acked(acked);
                }
            }
        } finally {
            if (acked != stored && !held) {
                try {
                    log.acked(acked);
                } catch (RuntimeException e) {
                    // the store failed under the round: the next round pushes again from the last position kept
                }
            }
        }
    }

    /** Whether the hub refused the whole message as too large. */
    private static boolean tooLarge(Ack ack) {
        return ack.rejects().size() == 1 && ack.rejects().get(0).opId() == null && ack.rejects().get(0).reason() == RejectReason.TOO_LARGE;
    }

    /**
     * Waits for the hub's answer to the oldest push in flight or to a later one (which answers the ones before it too).
     * An ack without a batch id answers a push the hub could not read (too large, say); the hub answers a device's
     * pushes in order, so it is the oldest one still unanswered, a forgotten one first. Acks of forgotten pushes and of
     * earlier rounds are passed over.
     */
    private Answer awaitAck(ArrayDeque<InFlight> inFlight, ArrayDeque<InFlight> forgotten) throws RoundFailed, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.answerWaitMillis());
        while (true) {
            long left = deadline - System.nanoTime();
            Ack a = left <= 0 ? null : acks.poll(left, TimeUnit.NANOSECONDS);
            if (a == null) {
                // the hub may have been configured with a smaller largest message meanwhile: trust its next refusal
                largestTaken = 0;
                throw new RoundFailed("the hub did not acknowledge push " + inFlight.peek().batchId() + " within "
                        + settings.answerWaitMillis() + " ms; it is pushed again");
            }
            if (a == WAKE_ACK) {
                if (stopping || !link.connected()) {
                    throw new RoundFailed("the connection to the hub at " + link.describe() + " closed while push " + inFlight.peek().batchId()
                            + " waited for its ack; it is pushed again");
                }
                continue;
            }
            if (a.batchId() == null) {
                if (!forgotten.isEmpty()) {
                    forgotten.poll();
                } else if (!tooLarge(a) || inFlight.peek().bytes() > largestTaken) {
                    return new Answer(a, inFlight.poll(), false);
                }
                // else a refusal as too large of a push no larger than one the hub took: a late answer of an earlier round
                continue;
            }
            if (forgotten.stream().anyMatch(f -> f.batchId().equals(a.batchId()))) {
                while (!forgotten.poll().batchId().equals(a.batchId())) {
                    // answered before it
                }
                continue;
            }
            if (inFlight.stream().anyMatch(f -> f.batchId().equals(a.batchId()))) {
                forgotten.clear();
                InFlight answered = inFlight.poll();
                boolean skipped = false;
                while (!answered.batchId().equals(a.batchId())) {
                    answered = inFlight.poll();
                    skipped = true;
                }
                return new Answer(a, answered, skipped);
            }
            // an ack of a batch of an earlier round: the awaited acks report its position again
        }
    }

    /**
     * Pulls pages from the stored cursor until the hub has no more; each page is one transaction with the cursor. The
     * next page is asked for as soon as a page arrives, from the cursor that page ends at, so the hub reads and sends
     * it while this one is applied; if this one is not applied, that answer is left unread and the next pull asks
     * again from the cursor kept.
     */
    void pullAll() throws RoundFailed, InterruptedException {
        long cursor = log.position().cursor();
        byte[] correlation = requestPage(cursor);
        while (true) {
            SyncMessage answer = awaitReply(correlation, cursor);
            if (answer instanceof Ack refusal) {
                throw new RoundFailed("the hub refused a pull after serverSeq " + cursor + ": "
                        + refusal.rejects().stream().map(r -> r.reason() + ": " + r.detail()).toList());
            }
            Page page = (Page) answer;
            long pageEnd = page.ops().isEmpty() ? cursor : page.ops().get(page.ops().size() - 1).serverSeq();
            byte[] next = page.more() && pageEnd > cursor ? requestPage(pageEnd) : null;
            DeviceLog.Ingested in;
            try {
                in = log.ingest(page.ops());
            } catch (IngestRefusedException e) {
                throw new RoundFailed(refused("the page after serverSeq " + cursor
                        + " was not applied, nothing of it was kept and the cursor stays: " + e.getMessage()));
            }
            report(in);
            if (!page.more()) {
                return;
            }
            if (in.cursor() <= cursor) {
                throw new RoundFailed("the hub said more operations follow serverSeq " + cursor + " but sent none");
            }
            cursor = in.cursor();
            correlation = next != null && cursor == pageEnd ? next : requestPage(cursor);
        }
    }

    /** Asks the hub for the page after {@code cursor}; returns the request's correlation data. */
    private byte[] requestPage(long cursor) throws RoundFailed {
        byte[] correlation = new byte[16];
        RANDOM.nextBytes(correlation);
        try {
            link.request(SyncTopics.pull(settings.clinicId(), settings.deviceId()),
                    codec.encode(new PullRequest(cursor, settings.pageOps())), replyTopic, correlation);
        } catch (Exception e) {
            link.disconnect();
            throw new RoundFailed("could not pull from the hub at " + link.describe() + ": " + e.getMessage());
        }
        return correlation;
    }

    private SyncMessage awaitReply(byte[] correlation, long cursor) throws RoundFailed, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.answerWaitMillis());
        while (true) {
            long left = deadline - System.nanoTime();
            Reply r = left <= 0 ? null : replies.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new RoundFailed("the hub did not answer a pull after serverSeq " + cursor + " within " + settings.answerWaitMillis() + " ms");
            }
            if (r == WAKE_REPLY) {
                if (stopping || !link.connected()) {
                    throw new RoundFailed("the connection to the hub at " + link.describe() + " closed while a pull after serverSeq " + cursor
                            + " waited for its page");
                }
                continue;
            }
            if (!Arrays.equals(correlation, r.correlation())) {
                continue;
            }
            if (r.error() != null) {
                throw new RoundFailed(refused("an unreadable answer to a pull after serverSeq " + cursor + " was not applied: "
                        + r.error().getMessage()));
            }
            SyncMessage m = r.message();
            if (m instanceof Page || m instanceof Ack) {
                return m;
            }
            throw new RoundFailed("the hub answered a pull with a " + m.type() + " message");
        }
    }

    /** A message from the hub was not applied: logged as an error, counted, and kept as the last error. */
    private String refused(String why) {
        LOG.log(System.Logger.Level.ERROR, "Salus sync of device " + settings.deviceId() + ": " + why);
        refusedMessages++;
        lastRefusal = why;
        lastError = why;
        return why;
    }

    private void report(DeviceLog.Ingested in) {
        for (NegativeStock n : in.wentNegative()) {
            LOG.log(System.Logger.Level.WARNING, "Salus sync of device {0}: batch {1} (lot {2}) is at {3} after merging other devices''"
                    + " movements: more was dispensed than received; count the stock", settings.deviceId(), n.batchId(), n.lot(),
                    n.quantityOnHand());
        }
    }
}
