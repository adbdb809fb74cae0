package io.mlcycle.jobs.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which offsets of a topic one ingest run reads, per partition: from the offset after the largest one already in
 * bronze (a partition bronze has not seen starts at its earliest offset) to the end the topic had when the run started.
 * A pure function of those offsets, so it is tested by hand.
 */
final class KafkaOffsetPlan {
    /** One partition's range: {@code start} inclusive, {@code end} exclusive. */
    record Range(int partition, long start, long end) {
        long size() {
            return end - start;
        }
    }

    /** The ranges to read (empty ones left out) and what could not be read as asked. */
    record Plan(List<Range> ranges, List<String> warnings) {
        Plan {
            ranges = List.copyOf(ranges);
            warnings = List.copyOf(warnings);
        }

        long offsets() {
            return ranges.stream().mapToLong(Range::size).sum();
        }
    }

    private KafkaOffsetPlan() {}

    /**
     * @param next per partition, the offset after the largest one in bronze (partitions bronze has no record of are absent)
     * @param earliest per partition, the log start offset (records below it were deleted by retention)
     * @param latest per partition, the end offset when the run started (exclusive)
     * @param maxOffsets upper bound of offsets read over all partitions, 0 for no bound. When more are waiting, each
     *     partition gets its share in proportion to what it has waiting (rounded down), and what rounding leaves over goes
     *     one offset each to the partitions in partition order.
     */
    static Plan plan(String topic, Map<Integer, Long> next, Map<Integer, Long> earliest, Map<Integer, Long> latest, long maxOffsets) {
        List<String> warnings = new ArrayList<>();
        SortedMap<Integer, Range> waiting = new TreeMap<>();
        for (int partition : new TreeMap<>(latest).keySet()) {
            long first = earliest.get(partition);
            long end = latest.get(partition);
            long start = next.getOrDefault(partition, first);
            if (start < first) {
                warnings.add("Kafka records " + topic + "/" + partition + " offsets " + start + " to " + (first - 1) + " (" + (first - start)
                        + " records) were deleted by the topic's retention before they were ingested; reading from the earliest offset " + first);
                start = first;
            }
            if (start > end) {
                warnings.add("Bronze holds " + topic + "/" + partition + " up to offset " + (start - 1) + " but the partition ends at " + end
                        + " (was the topic deleted and created again?); nothing read from it. Delete the source's bronze table to ingest it anew");
                continue;
            }
            if (start < end) {
                waiting.put(partition, new Range(partition, start, end));
            }
        }
        return new Plan(bounded(waiting, maxOffsets), warnings);
    }

    private static List<Range> bounded(SortedMap<Integer, Range> waiting, long maxOffsets) {
        long total = waiting.values().stream().mapToLong(Range::size).sum();
        if (maxOffsets == 0 || total <= maxOffsets) {
            return List.copyOf(waiting.values());
        }
        Map<Integer, Long> shares = new TreeMap<>();
        long left = maxOffsets;
        for (Range range : waiting.values()) {
            long share = java.math.BigInteger.valueOf(maxOffsets).multiply(java.math.BigInteger.valueOf(range.size()))
                    .divide(java.math.BigInteger.valueOf(total)).longValueExact();
            shares.put(range.partition(), share);
            left -= share;
        }
        for (Range range : waiting.values()) {
            if (left > 0 && shares.get(range.partition()) < range.size()) {
                shares.merge(range.partition(), 1L, Long::sum);
                left--;
            }
        }
        return waiting.values().stream()
                .filter(range -> shares.get(range.partition()) > 0)
                .map(range -> new Range(range.partition(), range.start(), range.start() + shares.get(range.partition())))
                .toList();
    }
}
