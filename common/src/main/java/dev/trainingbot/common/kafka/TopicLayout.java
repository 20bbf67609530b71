package dev.trainingbot.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Partition counts and retention of the fleet's topics, and their creation where no operator tool does it (the local
 * fleet, tests). In production the same layout is declared as Strimzi {@code KafkaTopic} resources.
 *
 * <p>{@code tg.updates} partitions cap the useful worker replicas; {@code tg.audit} is kept 30 days so that the audit
 * table can be rebuilt by a replay.
 */
public record TopicLayout(int updatePartitions, int auditPartitions, short replicationFactor) {

    public static final Duration UPDATES_RETENTION = Duration.ofDays(7);
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);
    public static final Duration AUDIT_RETENTION = Duration.ofDays(30);
    public static final Duration OUTBOX_RETENTION = Duration.ofDays(1);

    public List<NewTopic> newTopics(Topics topics) {
        List<NewTopic> list = new ArrayList<>();
        list.add(topic(topics.updates(), updatePartitions, UPDATES_RETENTION));
        list.add(topic(topics.deadLetters(), 1, DEAD_LETTER_RETENTION));
        list.add(topic(topics.audit(), auditPartitions, AUDIT_RETENTION));
        list.add(topic(topics.outbox(), updatePartitions, OUTBOX_RETENTION));
        return list;
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public void ensure(Admin admin, Topics topics) throws InterruptedException {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot list Kafka topics: " + e.getCause().getMessage(), e.getCause());
        }
        List<NewTopic> missing = newTopics(topics).stream()
                .filter(t -> !existing.contains(t.name()))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create Kafka topics " + missing + ": "
                                + e.getCause().getMessage(),
                        e.getCause());
            }
        }
    }

    private NewTopic topic(String name, int partitions, Duration retention) {
        Map<String, String> config = new HashMap<>();
        config.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, replicationFactor)));
        return new NewTopic(name, partitions, replicationFactor).configs(config);
    }
}
