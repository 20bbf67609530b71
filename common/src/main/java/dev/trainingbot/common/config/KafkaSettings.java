package dev.trainingbot.common.config;

import dev.trainingbot.common.kafka.Topics;

/**
 * The Kafka cluster: {@code KAFKA_BOOTSTRAP_SERVERS} ({@code host:port[,host:port…]}) and {@code KAFKA_TOPIC_PREFIX}
 * (default empty), which is put in front of every topic and consumer group name so that several fleets, or several
 * test classes, share one cluster without seeing each other's records.
 */
public record KafkaSettings(String bootstrapServers, String topicPrefix) {

    public static KafkaSettings read(ConfigReader config) {
        String servers = config.required("KAFKA_BOOTSTRAP_SERVERS", "the Kafka brokers, e.g. localhost:9092");
        if (!servers.isEmpty() && !servers.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            config.invalid("KAFKA_BOOTSTRAP_SERVERS", servers, "must be host:port[,host:port...]");
        }
        String prefix = config.string("KAFKA_TOPIC_PREFIX", "");
        if (!prefix.matches("[A-Za-z0-9._-]*")) {
            config.invalid("KAFKA_TOPIC_PREFIX", prefix, "may contain only letters, digits, '.', '_' and '-'");
        }
        return new KafkaSettings(servers, prefix);
    }

    public Topics topics() {
        return Topics.withPrefix(topicPrefix);
    }

    /** A consumer group id in this fleet's namespace. */
    public String group(String name) {
        return topicPrefix + name;
    }
}
