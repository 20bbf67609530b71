package dev.trainingbot.testkit.kafka;

import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.kafka.TopicLayout;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;

/**
 * The Kafka cluster of a test run: the one {@code KAFKA_BOOTSTRAP_SERVERS} names when set, otherwise one
 * {@link EmbeddedKafkaBroker} started on first use and shared by every test class of the JVM (stopped when the JVM
 * exits). Test classes are isolated from each other by {@link #newNamespace()}, not by brokers.
 */
public final class TestKafka {

    private static EmbeddedKafkaBroker embedded;
    private static String bootstrapServers;

    private TestKafka() {}

    /** The bootstrap servers of the run's cluster, starting the embedded broker if needed. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (external != null && !external.isBlank()) {
                bootstrapServers = external.strip();
            } else {
                embedded = EmbeddedKafkaBroker.start();
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-kafka-shutdown"));
                bootstrapServers = embedded.bootstrapServers();
            }
        }
        return bootstrapServers;
    }

    /** The embedded broker, for tests that stop and restart it; empty when the run uses an external cluster. */
    public static synchronized Optional<EmbeddedKafkaBroker> embeddedBroker() {
        bootstrapServers();
        return Optional.ofNullable(embedded);
    }

    /**
     * Settings with a fresh topic and consumer-group prefix, and the fleet's topics created under it
     * ({@code updatePartitions} partitions for {@code tg.updates} and {@code tg.outbox}).
     */
    public static KafkaSettings newNamespace(int updatePartitions) {
        KafkaSettings settings = new KafkaSettings(
                bootstrapServers(), "it" + UUID.randomUUID().toString().substring(0, 8) + ".");
        try (Admin admin = Admin.create(KafkaClients.admin(settings, "testkit-admin"))) {
            new TopicLayout(updatePartitions, 2, (short) 1).ensure(admin, settings.topics());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
        return settings;
    }

    public static KafkaSettings newNamespace() {
        return newNamespace(4);
    }
}
