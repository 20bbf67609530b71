package dev.trainingbot.fleet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus names the fleet publishes: its own meters, found in the services' sources and named as Micrometer's
 * Prometheus registry names them, and the library and exporter families the monitoring relies on.
 */
final class FleetMetrics {

    private static final List<String> SERVICE_SOURCES = List.of(
            "common/src/main/java", "ingress/src/main/java", "worker/src/main/java", "audit-consumer/src/main/java");

    private static final Pattern METER =
            Pattern.compile("\\b(Counter|Timer|Gauge|DistributionSummary)\\.builder\\(\\s*\"([a-z0-9_.]+)\"");

    /**
     * Library and exporter metrics the alerts and the dashboard use. The client ones were read off a live scrape of
     * the services (Kafka clients through Micrometer's KafkaClientMetrics, HikariCP, Lettuce, JVM binders); the
     * exporter ones are redis_exporter's, postgres_exporter's and kafka_exporter's.
     */
    static final Set<String> LIBRARIES = Set.of(
            "kafka_consumer_fetch_manager_records_lag",
            "kafka_consumer_connection_count",
            "kafka_producer_connection_count",
            "kafka_producer_record_error_total",
            "hikaricp_connections_active",
            "hikaricp_connections_idle",
            "hikaricp_connections_pending",
            "hikaricp_connections_timeout_total",
            "lettuce_command_completion_seconds_sum",
            "lettuce_command_completion_seconds_count",
            "jvm_memory_used_bytes",
            "jvm_gc_pause_seconds_sum",
            "jvm_threads_live_threads",
            "redis_up",
            "pg_up",
            "kafka_topic_partition_current_offset",
            "kafka_consumergroup_current_offset");

    private FleetMetrics() {}

    /** The services' own meters under their Prometheus names (counters _total, timers _seconds_*, and so on). */
    static Set<String> own() {
        Set<String> names = new TreeSet<>();
        for (String root : SERVICE_SOURCES) {
            try (Stream<Path> files = Files.walk(Repository.file(root))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = METER.matcher(Files.readString(file));
                    while (m.find()) {
                        String base = m.group(2).replace('.', '_');
                        switch (m.group(1)) {
                            case "Counter" -> names.add(base + "_total");
                            case "Gauge" -> names.add(base);
                            case "Timer" ->
                                Stream.of("_count", "_sum", "_max", "_bucket")
                                        .forEach(suffix -> names.add(base + "_seconds" + suffix));
                            default ->
                                Stream.of("", "_count", "_sum", "_max", "_bucket")
                                        .forEach(suffix -> names.add(base + suffix));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    static Set<String> all() {
        Set<String> names = new TreeSet<>(own());
        names.addAll(LIBRARIES);
        return names;
    }
}
