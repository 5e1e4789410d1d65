package org.salus.core.op;

import java.util.List;
import java.util.Optional;

/**
 * The result of verifying the op log's hash chains.
 *
 * @param checkedOps how many operations were checked
 * @param checkedDevices how many device chains were checked
 * @param problems the first problem of every broken chain, ordered by device id (empty when intact)
 */
public record ChainReport(long checkedOps, int checkedDevices, List<ChainProblem> problems) {

    public ChainReport {
        problems = List.copyOf(problems);
    }

    /** Whether no chain has a problem. */
    public boolean intact() {
        return problems.isEmpty();
    }

    /** The first problem found, if any. */
    public Optional<ChainProblem> firstProblem() {
        return problems.stream().findFirst();
    }

    @Override
    public String toString() {
        return intact() ? "op log intact: " + checkedOps + " operations of " + checkedDevices + " devices verified"
                : "op log damaged: " + problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more chains)" : "");
    }
}
