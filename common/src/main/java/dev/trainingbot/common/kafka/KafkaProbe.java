package dev.trainingbot.common.kafka;

import dev.trainingbot.common.http.Probe;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Checks that the cluster answers and that the topics a service needs exist: {@code Kafka OK (1 broker;
 * tg.updates: 12 partitions, …)}.
 */
public final class KafkaProbe implements Probe.Check {

    private static final long TIMEOUT_MS = 3_000;

    private final Admin admin;
    private final List<String> topics;

    public KafkaProbe(Admin admin, Collection<String> topics) {
        this.admin = admin;
        this.topics = List.copyOf(topics);
    }

    @Override
    public Probe run() {
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT_MS))
                    .nodes()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .size();
            Map<String, TopicDescription> described = admin.describeTopics(
                            topics, new DescribeTopicsOptions().timeoutMs((int) TIMEOUT_MS))
                    .allTopicNames()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            String partitions = topics.stream()
                    .map(t -> t + ": " + described.get(t).partitions().size() + " partitions")
                    .collect(Collectors.joining(", "));
            return Probe.ok(
                    "Kafka", "Kafka OK (" + brokers + (brokers == 1 ? " broker; " : " brokers; ") + partitions + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Probe.failed("Kafka", "interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Probe.failed("Kafka", "Kafka unreachable or topics missing: " + cause);
        }
    }
}
