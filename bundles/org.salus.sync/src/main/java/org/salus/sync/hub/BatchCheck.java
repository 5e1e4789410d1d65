package org.salus.sync.hub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpHashes;
import org.salus.sync.wire.Reject;
import org.salus.sync.wire.RejectReason;

/**
 * Decides, for a pushed batch, which operations a {@link HubLog} stores, which it already holds and which it refuses
 * and why. Every implementation calls it inside its transaction, with the device's head locked, so all of them judge a
 * batch alike. Pure: it reads what the store holds through {@link Held} and changes nothing.
 */
public final class BatchCheck {

    /**
     * The clinic a workstation's operations name before it is enrolled. The hub takes such operations of a device's own
     * chain, up to its first operation of a real clinic, as belonging to the clinic the device is enrolled for.
     *
     * @since 1.1
     */
    public static final String UNASSIGNED = "unassigned";

    /** An operation the log holds, as far as the check needs it. */
    public record HeldOp(String opId, String deviceId, long deviceSeq, String hash) {
    }

    /** What the log holds, looked up inside the appending transaction. */
    @FunctionalInterface
    public interface Held {
        /** The held operation with this opId, of any device. */
        Optional<HeldOp> byOpId(String opId);

        /**
         * The clinic named by the pushing device's held operation at {@code deviceSeq} (its own clinicId, which for an
         * operation recorded before enrolment is {@link BatchCheck#UNASSIGNED}), or empty when unknown. Asked only for a
         * batch that holds such an operation; the default knows none, so such operations are refused.
         *
         * @since 1.1
         */
        default Optional<String> clinicAt(long deviceSeq) {
            return Optional.empty();
        }
    }

    /**
     * The verdict on a batch.
     *
     * @param toAppend the operations to store, in ascending deviceSeq (without serverSeq yet)
     * @param duplicates how many the log already held
     * @param rejects the refused ones, in batch order
     * @param head the device's head once {@code toAppend} is stored
     */
    public record Plan(List<OpEnvelope> toAppend, int duplicates, List<Reject> rejects, ChainHead head) {
        public Plan {
            toAppend = List.copyOf(toAppend);
            rejects = List.copyOf(rejects);
        }
    }

    private BatchCheck() {
    }

    /**
     * Judges a batch, operation by operation in batch order: one of another clinic or device, one whose content does
     * not match its hash, one that contradicts what the log holds, one after missing operations and one that does not
     * link to the operation before it are refused; a refused operation does not move the head, so the operations after
     * it are refused too (usually as a gap).
     * <p>
     * An operation naming the clinic {@link #UNASSIGNED} (recorded before the device was enrolled) is taken as one of
     * {@code clinicId}, the clinic the hub checked the device is enrolled for, when it continues the device's own chain
     * right after genesis or after another such operation; once the device's chain holds an operation of a real clinic,
     * an {@code unassigned} one is refused as {@link RejectReason#WRONG_CLINIC}.
     *
     * @param clinicId the clinic of the push topic
     * @param deviceId the device of the push topic
     * @param head the device's last held operation
     * @param headClinicId the clinic the log holds the device's operations under, or null when it holds none
     * @param ops the batch
     * @param held lookups in the log
     */
    public static Plan plan(String clinicId, String deviceId, ChainHead head, String headClinicId, List<OpEnvelope> ops, Held held) {
        List<OpEnvelope> toAppend = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        Map<String, OpEnvelope> inBatch = new HashMap<>();
        int duplicates = 0;
        ChainHead current = head;
        // the clinic the operation at current names: null while not looked up
        String currentClinic = head.seq() == 0 ? UNASSIGNED : null;
        for (OpEnvelope op : ops) {
            boolean unassigned = UNASSIGNED.equals(op.clinicId()) && !UNASSIGNED.equals(clinicId);
            RejectReason reason = null;
            String detail = null;
            if (headClinicId != null && !headClinicId.equals(clinicId)) {
                reason = RejectReason.WRONG_CLINIC;
                detail = "device " + deviceId + " syncs for clinic " + headClinicId + " at this hub, not for clinic " + clinicId;
            } else if (!op.clinicId().equals(clinicId) && !unassigned) {
                reason = RejectReason.WRONG_CLINIC;
                detail = "the operation names clinic " + op.clinicId() + " but was pushed to clinic " + clinicId;
            } else if (!op.deviceId().equals(deviceId)) {
                reason = RejectReason.WRONG_DEVICE;
                detail = "the operation names device " + op.deviceId() + " but was pushed by device " + deviceId;
            } else if (!OpHashes.hashMatches(op)) {
                reason = RejectReason.BAD_HASH;
                detail = "its content does not match its hash " + op.hash();
            } else {
                OpEnvelope batchTwin = inBatch.get(op.opId());
                Optional<HeldOp> twin = batchTwin != null
                        ? Optional.of(new HeldOp(batchTwin.opId(), batchTwin.deviceId(), batchTwin.deviceSeq(), batchTwin.hash()))
                        : held.byOpId(op.opId());
                if (twin.isPresent()) {
                    HeldOp h = twin.get();
                    if (h.deviceId().equals(deviceId) && h.deviceSeq() == op.deviceSeq() && h.hash().equals(op.hash())) {
                        duplicates++;
                        continue;
                    }
                    reason = RejectReason.CHAIN_BREAK;
                    detail = "the hub already holds operation " + op.opId() + " as deviceSeq " + h.deviceSeq() + " of device " + h.deviceId()
                            + " with hash " + h.hash();
                } else if (op.deviceSeq() <= current.seq()) {
                    reason = RejectReason.CHAIN_BREAK;
                    detail = "the hub already holds another operation at deviceSeq " + op.deviceSeq() + " of device " + deviceId
                            + ": the device's chain forked";
                } else if (op.deviceSeq() > current.seq() + 1) {
                    reason = RejectReason.SEQ_GAP;
                    detail = "the hub holds device " + deviceId + " up to deviceSeq " + current.seq() + "; "
                            + (op.deviceSeq() - 1 == current.seq() + 1 ? "deviceSeq " + (current.seq() + 1) + " is"
                                    : "deviceSeq " + (current.seq() + 1) + " to " + (op.deviceSeq() - 1) + " are")
                            + " missing before this one";
                } else if (!op.prevHash().equals(current.hash())) {
                    reason = RejectReason.CHAIN_BREAK;
                    detail = "its prevHash " + op.prevHash() + " is not the hash " + current.hash() + " of deviceSeq " + current.seq()
                            + " that the hub holds";
                } else if (unassigned) {
                    if (currentClinic == null) {
                        currentClinic = held.clinicAt(current.seq()).orElse("");
                    }
                    if (!UNASSIGNED.equals(currentClinic)) {
                        reason = RejectReason.WRONG_CLINIC;
                        detail = "the operation names clinic " + UNASSIGNED + " but follows deviceSeq " + current.seq() + " of device " + deviceId
                                + ", which names clinic " + (currentClinic.isEmpty() ? "(unknown)" : currentClinic)
                                + ": work recorded before enrolment is taken only before the device's first operation of its clinic";
                    }
                }
            }
            if (reason != null) {
                rejects.add(new Reject(op.opId(), op.deviceSeq(), reason, detail));
            } else {
                toAppend.add(op);
                inBatch.put(op.opId(), op);
                current = ChainHead.after(op);
                currentClinic = op.clinicId();
            }
        }
        return new Plan(toAppend, duplicates, rejects, current);
    }
}
