package org.salus.hub.monitor;

import java.util.List;

/**
 * How long the hub took to answer one kind of message, from its arrival to the answer being handed to the broker,
 * as a cumulative histogram (the Prometheus form).
 *
 * @param boundsMillis the upper bounds of the buckets, ascending
 * @param counts for each bound, how many answers took at most that long (cumulative); one more entry at the end
 *        counts every answer
 * @param sumMillis the time of all answers together
 */
public record Latency(List<Double> boundsMillis, List<Long> counts, double sumMillis) {

    public Latency {
        boundsMillis = List.copyOf(boundsMillis);
        counts = List.copyOf(counts);
        if (counts.size() != boundsMillis.size() + 1) {
            throw new IllegalArgumentException("one count per bound and one for all: " + boundsMillis.size() + " bounds, " + counts.size() + " counts");
        }
    }

    /** @return how many answers were timed */
    public long count() {
        return counts.get(counts.size() - 1);
    }

    /**
     * @param q a quantile between 0 and 1
     * @return the upper bound of the bucket that holds that quantile, or infinity when it lies beyond the last bound;
     *         0 when nothing was timed
     */
    public double quantileUpperBoundMillis(double q) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        for (int i = 0; i < boundsMillis.size(); i++) {
            if (counts.get(i) >= rank) {
                return boundsMillis.get(i);
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
