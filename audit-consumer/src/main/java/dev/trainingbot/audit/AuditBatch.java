package dev.trainingbot.audit;

import dev.trainingbot.common.audit.AuditEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Records of {@code tg.audit} gathered for one insert, each with its position and its bytes as received: the decoded
 * events, and the records that are not events (kept in {@code audit_log_rejected}). Per partition, one past the
 * highest offset is committed once the batch is in the database.
 */
final class AuditBatch {

    /** One record: where it came from, its bytes, and the event they are (null when they are not one: why). */
    record Entry(TopicPartition partition, long offset, byte[] payload, AuditEvent event, String error) {

        /** {@code tg.audit-3@1200}, for logs. */
        String position() {
            return partition.topic() + "-" + partition.partition() + "@" + offset;
        }
    }

    private static final Comparator<TopicPartition> BY_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final List<Entry> entries = new ArrayList<>();
    private long firstAddedNanos;

    void add(TopicPartition partition, long offset, byte[] payload, AuditEvent event) {
        track(new Entry(partition, offset, payload, event, null));
    }

    void reject(TopicPartition partition, long offset, byte[] payload, String error) {
        track(new Entry(partition, offset, payload, null, error));
    }

    private void track(Entry entry) {
        if (isEmpty()) {
            firstAddedNanos = System.nanoTime();
        }
        entries.add(entry);
    }

    /** The records that are events, in the order they were read. */
    List<Entry> events() {
        return entries.stream().filter(e -> e.event() != null).toList();
    }

    /** The records that are not events. */
    List<Entry> rejected() {
        return entries.stream().filter(e -> e.event() == null).toList();
    }

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Nanoseconds since the batch's first record, 0 when empty. */
    long ageNanos() {
        return isEmpty() ? 0 : System.nanoTime() - firstAddedNanos;
    }

    /**
     * Gives up the records of {@code partitions} (revoked: their next owner reads them from the last commit); returns
     * how many there were.
     */
    int drop(Collection<TopicPartition> partitions) {
        int before = entries.size();
        entries.removeIf(entry -> partitions.contains(entry.partition()));
        return before - entries.size();
    }

    /** The offsets to commit once the batch is written: one past the highest of each partition. */
    Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new TreeMap<>(BY_PARTITION);
        ranges().forEach((partition, range) -> offsets.put(partition, new OffsetAndMetadata(range[1] + 1)));
        return offsets;
    }

    /** {@code partition=3, offsets=1200..1699; partition=5, …}, for errors. */
    String describe() {
        StringBuilder text = new StringBuilder();
        ranges().forEach((partition, range) -> {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append("partition=")
                    .append(partition.partition())
                    .append(", offsets=")
                    .append(range[0])
                    .append("..")
                    .append(range[1]);
        });
        return text.toString();
    }

    void clear() {
        entries.clear();
    }

    /** Per partition, the lowest and highest offset held. */
    private Map<TopicPartition, long[]> ranges() {
        Map<TopicPartition, long[]> ranges = new TreeMap<>(BY_PARTITION);
        for (Entry entry : entries) {
            ranges.merge(entry.partition(), new long[] {entry.offset(), entry.offset()}, (a, b) ->
                    new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        return ranges;
    }
}
