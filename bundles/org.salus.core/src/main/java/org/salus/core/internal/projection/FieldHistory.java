package org.salus.core.internal.projection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merge rule of one register field (a patient's family name, a medicine's strength), decided from the set of
 * writes a device holds for it and nothing else, so every device that holds the same writes ends with the same value
 * and the same conflict records, whatever order they arrived in (see ADR 0015).
 * <p>
 * Each write names its <em>bases</em>: the writes of the field its device had as the field's value when the person
 * edited it (one for an edit, the two sides for a resolution); a create names none. An update without recorded bases
 * (written before bases existed) follows the field's write just before it in HLC order. Only bases earlier by clock
 * count: a device's clock moves past every write it has seen, so a later one cannot have been seen. The writes that no other write
 * names as a base are the field's <em>leaves</em>; the leaf with the greatest HLC is the value. Two or more leaves are
 * concurrent edits: each leaf other than the value is an open conflict with it. A resolution merges its two bases,
 * which closes the conflict between them.
 * <p>
 * A conflict's id depends on where its two sides forked (the earliest write on each side that the other side does not
 * know), so a side that is edited again stays the same conflict.
 */
public final class FieldHistory {

    /** Orders writes by HLC, then op id: the text forms of both order as their values do. */
    static final Comparator<Write> CLOCK_ORDER = Comparator.comparing(Write::hlc).thenComparing(Write::opId);

    /**
     * One write of the field.
     *
     * @param bases the writes it was edited from, or null when the operation recorded none
     * @param resolution whether it resolves a conflict between its two bases
     * @param valueJson the value as canonical JSON ({@code "Smith"}, {@code 20}, {@code null})
     */
    public record Write(String opId, String hlc, List<String> bases, boolean resolution, String valueJson, String userId,
            String deviceId, Instant at) {
    }

    /**
     * A conflict between two writes.
     *
     * @param left the older side
     * @param right the newer side: while the conflict is open, the value the field shows
     * @param resolution the resolving write, or null while open
     */
    public record Conflict(String id, Write left, Write right, Write resolution) {

        public boolean open() {
            return resolution == null;
        }
    }

    /**
     * What the writes decide.
     *
     * @param value the write whose value the field shows
     * @param leaves the writes no other write builds on, in clock order
     * @param conflicts open conflicts first, then resolved ones, each by id
     */
    public record Outcome(Write value, List<Write> leaves, List<Conflict> conflicts) {
    }

    private FieldHistory() {
    }

    /**
     * Decides a field from its writes.
     *
     * @param entityType the register's entity type, part of each conflict id
     * @param entityId the entity, part of each conflict id
     * @param field the field, part of each conflict id
     * @param writes every write of this field the device holds, in any order (at least one)
     */
    public static Outcome decide(String entityType, String entityId, String field, List<Write> writes) {
        if (writes.isEmpty()) {
            throw new IllegalArgumentException("a field with no writes has nothing to decide");
        }
        List<Write> ordered = new ArrayList<>(writes);
        ordered.sort(CLOCK_ORDER);
        Map<String, Write> byId = new HashMap<>();
        for (Write w : ordered) {
            byId.put(w.opId(), w);
        }
        // bases as they count here: only writes held, and the clock predecessor for a write that recorded none
        Map<String, List<String>> bases = new HashMap<>();
        Set<String> based = new HashSet<>();
        for (int i = 0; i < ordered.size(); i++) {
            Write w = ordered.get(i);
            List<String> b = new ArrayList<>();
            if (w.bases() == null) {
                if (i > 0) {
                    b.add(ordered.get(i - 1).opId());
                }
            } else {
                for (String id : w.bases()) {
                    // a write is edited from what came before it: a base that is not earlier by clock (a skewed or forged
                    // clock) cannot be one, and taking it would make a cycle
                    if (byId.containsKey(id) && CLOCK_ORDER.compare(byId.get(id), w) < 0 && !b.contains(id)) {
                        b.add(id);
                    }
                }
            }
            bases.put(w.opId(), b);
            based.addAll(b);
        }
        List<Write> leaves = ordered.stream().filter(w -> !based.contains(w.opId())).toList();
        Write value = leaves.get(leaves.size() - 1);
        Ancestry ancestry = new Ancestry(bases, byId);

        Map<String, Conflict> found = new LinkedHashMap<>();
        for (Write w : ordered) {
            List<String> b = bases.get(w.opId());
            if (w.resolution() && b.size() >= 2) {
                Write p = byId.get(b.get(0));
                Write q = byId.get(b.get(1));
                Write left = CLOCK_ORDER.compare(p, q) < 0 ? p : q;
                Write right = left == p ? q : p;
                String id = ancestry.conflictId(entityType, entityId, field, left, right);
                if (id != null) {
                    found.put(id, new Conflict(id, left, right, w));
                }
            }
        }
        List<Conflict> open = new ArrayList<>();
        for (Write leaf : leaves) {
            if (leaf != value) {
                String id = ancestry.conflictId(entityType, entityId, field, leaf, value);
                if (id != null) {
                    // a fork that a resolution closed but that is concurrent again is open again
                    found.remove(id);
                    open.add(new Conflict(id, leaf, value, null));
                }
            }
        }
        List<Conflict> resolved = new ArrayList<>(found.values());
        open.sort(Comparator.comparing(Conflict::id));
        resolved.sort(Comparator.comparing(Conflict::id));
        List<Conflict> all = new ArrayList<>(open);
        all.addAll(resolved);
        return new Outcome(value, leaves, List.copyOf(all));
    }

    /** The deterministic id of the conflict between two forked writes of one field. */
    static String conflictId(String entityType, String entityId, String field, String forkA, String forkB) {
        String first = forkA.compareTo(forkB) < 0 ? forkA : forkB;
        String second = first.equals(forkA) ? forkB : forkA;
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {entityType, entityId, field, first, second}) {
                md.update(part.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            StringBuilder sb = new StringBuilder("conflict-");
            byte[] d = md.digest();
            for (int i = 0; i < 12; i++) {
                sb.append(String.format("%02x", d[i]));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Which writes each write knows: itself and, through its bases, every write before it. */
    private static final class Ancestry {
        private final Map<String, List<String>> bases;
        private final Map<String, Write> byId;
        private final Map<String, Set<String>> known = new HashMap<>();

        Ancestry(Map<String, List<String>> bases, Map<String, Write> byId) {
            this.bases = bases;
            this.byId = byId;
        }

        Set<String> of(String opId) {
            Set<String> k = known.get(opId);
            if (k != null) {
                return k;
            }
            Set<String> out = new HashSet<>();
            List<String> todo = new ArrayList<>(List.of(opId));
            while (!todo.isEmpty()) {
                String id = todo.remove(todo.size() - 1);
                if (out.add(id)) {
                    todo.addAll(bases.getOrDefault(id, List.of()));
                }
            }
            known.put(opId, out);
            return out;
        }

        /** The id from where the sides forked, or null when one side knows the other (no conflict). */
        String conflictId(String entityType, String entityId, String field, Write a, Write b) {
            Set<String> ka = of(a.opId());
            Set<String> kb = of(b.opId());
            Write forkA = earliest(ka, kb);
            Write forkB = earliest(kb, ka);
            if (forkA == null || forkB == null) {
                return null;
            }
            return FieldHistory.conflictId(entityType, entityId, field, forkA.opId(), forkB.opId());
        }

        private Write earliest(Set<String> in, Set<String> notIn) {
            Write best = null;
            for (String id : in) {
                if (!notIn.contains(id)) {
                    Write w = byId.get(id);
                    if (best == null || CLOCK_ORDER.compare(w, best) < 0) {
                        best = w;
                    }
                }
            }
            return best;
        }
    }
}
