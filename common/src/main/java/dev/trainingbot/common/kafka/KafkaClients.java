package dev.trainingbot.common.kafka;

import dev.trainingbot.common.config.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client configurations of the fleet. Every producer is idempotent with {@code acks=all}; every consumer commits
 * manually and uses cooperative-sticky assignment, so that a rebalance moves only the partitions that must move.
 * Keys and values are bytes: the services decide how much of a record they parse.
 */
public final class KafkaClients {

    private KafkaClients() {}

    /**
     * A producer that gives up on a record after {@code deliveryTimeout} (the send's future then fails) and blocks at
     * most that long in {@code send} when the cluster is unreachable. It sends at once ({@code linger.ms=0}): a
     * webhook's answer waits for the acknowledgement, and concurrent sends still batch while a request is in flight.
     */
    public static Map<String, Object> producer(KafkaSettings kafka, String clientId, Duration deliveryTimeout) {
        return producer(kafka, clientId, deliveryTimeout, Duration.ZERO);
    }

    /**
     * As {@link #producer(KafkaSettings, String, Duration)}, waiting up to {@code linger} for more records to batch
     * with: fewer, larger requests for records whose acknowledgement nobody is waiting to see at once.
     */
    public static Map<String, Object> producer(
            KafkaSettings kafka, String clientId, Duration deliveryTimeout, Duration linger) {
        Map<String, Object> config = common(kafka, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // Uncompressed: a record is an update or an event of about a kilobyte, and at the rates a bot sees a batch
        // holds one or two of them. lz4 shrank such a batch little, and its stream allocates two 64 KB blocks per
        // batch: at 300 updates/s, four fifths of the ingress's garbage (docs/performance.md).
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
        long delivery = deliveryTimeout.toMillis();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, delivery - linger.toMillis()));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, delivery);
        return config;
    }

    /** A consumer of {@code groupId} that commits manually and reads a new group's topic from the beginning. */
    public static Map<String, Object> consumer(KafkaSettings kafka, String clientId, String groupId) {
        Map<String, Object> config = common(kafka, clientId);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // The broker answers a waiting fetch as soon as data arrives (fetch.min.bytes 1), so the wait costs a record
        // nothing: it sets how often an idle consumer's fetch comes back empty (default: twice a second). Not longer:
        // partitions a rebalance assigns are fetched only once the fetch in flight has come back.
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1_000);
        // A dead replica's partitions move after 10 s, not the default 45 s: chats wait less after a crash.
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        // A member learns of a rebalance from its next heartbeat's answer. 500 ms was measured: it made an idle
        // fleet's consumers wake more often and did not shorten a deploy's slowest seconds (a new worker's cold JVM).
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        return config;
    }

    public static Map<String, Object> admin(KafkaSettings kafka, String clientId) {
        Map<String, Object> config = common(kafka, clientId);
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return config;
    }

    private static Map<String, Object> common(KafkaSettings kafka, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        // Reconnect quickly after a broker restart, but back off to 5 s so an outage is not a busy loop.
        config.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, 100);
        config.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
        return config;
    }
}
