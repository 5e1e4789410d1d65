package org.salus.hub.internal.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.sync.hub.AppendResult;
import org.salus.sync.hub.BatchCheck;
import org.salus.sync.hub.HubLog;
import org.salus.sync.hub.HubPage;

/** A hub log in memory, judged by the same {@link BatchCheck} as the real ones; for the handler's unit tests. */
final class MemoryHubLog implements HubLog {

    private final Map<String, List<OpEnvelope>> byClinic = new HashMap<>();
    private final Map<String, OpEnvelope> byOpId = new HashMap<>();
    private final Map<String, ChainHead> heads = new HashMap<>();
    private final Map<String, String> clinicOf = new HashMap<>();

    @Override
    public synchronized AppendResult append(String clinicId, String deviceId, List<OpEnvelope> ops) {
        ChainHead head = heads.getOrDefault(deviceId, ChainHead.empty(deviceId));
        BatchCheck.Plan plan = BatchCheck.plan(clinicId, deviceId, head, clinicOf.get(deviceId), ops,
                new BatchCheck.Held() {
                    @Override
                    public Optional<BatchCheck.HeldOp> byOpId(String id) {
                        return Optional.ofNullable(byOpId.get(id)).map(o -> new BatchCheck.HeldOp(o.opId(), o.deviceId(), o.deviceSeq(), o.hash()));
                    }

                    @Override
                    public Optional<String> clinicAt(long deviceSeq) {
                        return byOpId.values().stream().filter(o -> o.deviceId().equals(deviceId) && o.deviceSeq() == deviceSeq)
                                .map(OpEnvelope::clinicId).findFirst();
                    }
                });
        List<OpEnvelope> log = byClinic.computeIfAbsent(clinicId, c -> new ArrayList<>());
        List<OpEnvelope> accepted = new ArrayList<>();
        for (OpEnvelope op : plan.toAppend()) {
            OpEnvelope stored = op.acceptedByHub(log.size() + 1, Instant.ofEpochMilli(System.currentTimeMillis()));
            log.add(stored);
            byOpId.put(op.opId(), stored);
            accepted.add(stored);
        }
        if (!accepted.isEmpty()) {
            heads.put(deviceId, plan.head());
            clinicOf.put(deviceId, clinicId);
        }
        return new AppendResult(heads.getOrDefault(deviceId, head), accepted, plan.duplicates(), plan.rejects());
    }

    @Override
    public synchronized HubPage page(String clinicId, long afterServerSeq, int limit) {
        List<OpEnvelope> log = byClinic.getOrDefault(clinicId, List.of());
        int from = (int) Math.min(afterServerSeq, log.size());
        int to = Math.min(log.size(), from + limit);
        return new HubPage(log.subList(from, to), to < log.size());
    }

    @Override
    public synchronized ChainHead deviceHead(String deviceId) {
        return heads.getOrDefault(deviceId, ChainHead.empty(deviceId));
    }
}
