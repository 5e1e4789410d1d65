package org.salus.sync.mqtt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The hub's brokers in order (ADR 0010): a connect tries each from the first and stays with the first that answers;
 * while on a later one, {@link #returnToPreferred()} tries the earlier ones every {@code preferredRetryMillis} and
 * moves to the first of them that answers, closing the later connection only once the earlier one is up.
 */
final class OrderedHubLink implements HubLink {

    private final List<HubLink> targets;
    private final List<String> urls;
    private final long preferredRetryMillis;
    private final LongSupplier clock;
    private volatile int current = -1;
    private List<String> topics;
    private Inbox inbox;
    private long nextPreferredTry;

    /** @param targets one link per url, in the same order */
    OrderedHubLink(List<? extends HubLink> targets, List<String> urls, long preferredRetryMillis, LongSupplier clock) {
        if (targets.isEmpty() || targets.size() != urls.size()) {
            throw new IllegalArgumentException("one link per hub target: " + urls);
        }
        this.targets = List.copyOf(targets);
        this.urls = List.copyOf(urls);
        this.preferredRetryMillis = preferredRetryMillis;
        this.clock = clock;
    }

    @Override
    public synchronized void connect(List<String> topics, Inbox inbox) throws Exception {
        disconnect();
        this.topics = List.copyOf(topics);
        this.inbox = inbox;
        List<String> failures = new ArrayList<>();
        Exception first = null;
        for (int i = 0; i < targets.size(); i++) {
            try {
                targets.get(i).connect(topics, inbox);
                current = i;
                nextPreferredTry = clock.getAsLong() + preferredRetryMillis;
                return;
            } catch (Exception e) {
                targets.get(i).disconnect();
                failures.add(targets.size() == 1 ? String.valueOf(e.getMessage()) : urls.get(i) + ": " + e.getMessage());
                first = first == null ? e : first;
            }
        }
        if (targets.size() == 1) {
            throw first;
        }
        throw new Exception("no hub target answered (" + String.join("; ", failures) + ")", first);
    }

    /**
     * While connected to a later target and the pause is over, connects to the earliest target that answers now.
     *
     * @return true when the engine now talks to an earlier target (its feed may have a gap: pull)
     */
    @Override
    public synchronized boolean returnToPreferred() {
        int on = current;
        if (on <= 0 || inbox == null || clock.getAsLong() < nextPreferredTry || !targets.get(on).connected()) {
            return false;
        }
        nextPreferredTry = clock.getAsLong() + preferredRetryMillis;
        for (int i = 0; i < on; i++) {
            try {
                targets.get(i).connect(topics, inbox);
                current = i;
                targets.get(on).disconnect();
                return true;
            } catch (Exception e) {
                targets.get(i).disconnect();
            }
        }
        return false;
    }

    @Override
    public boolean connected() {
        int on = current;
        return on >= 0 && targets.get(on).connected();
    }

    /** The url of the target connected now, or null. */
    @Override
    public String target() {
        int on = current;
        return on >= 0 && targets.get(on).connected() ? urls.get(on) : null;
    }

    @Override
    public void publish(String topic, byte[] payload) throws Exception {
        link().publish(topic, payload);
    }

    @Override
    public void request(String topic, byte[] payload, String responseTopic, byte[] correlationData) throws Exception {
        link().request(topic, payload, responseTopic, correlationData);
    }

    private HubLink link() {
        int on = current;
        if (on < 0) {
            throw new IllegalStateException("not connected to the hub");
        }
        return targets.get(on);
    }

    @Override
    public synchronized void disconnect() {
        current = -1;
        for (HubLink t : targets) {
            t.disconnect();
        }
    }

    @Override
    public String describe() {
        int on = current;
        return on >= 0 ? targets.get(on).describe() : targets.size() == 1 ? targets.get(0).describe() : String.join(", then ", urls);
    }
}
