package dev.trainingbot.audit;

import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.audit.AuditEventCodec;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.common.db.DatabaseProbe;
import dev.trainingbot.common.http.HttpEndpoints;
import dev.trainingbot.common.http.Probe;
import dev.trainingbot.common.json.Json;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.kafka.KafkaProbe;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running audit-consumer: group {@code audit-writers} on {@code tg.audit}, its {@link AuditSink} on a platform
 * thread, and the HTTP endpoints. {@link #close()} writes what it holds, commits, and closes.
 */
public final class AuditConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditConsumer.class);
    public static final String GROUP = "audit-writers";

    private final HikariDataSource database;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final HttpEndpoints endpoints;
    private final Thread thread;
    private volatile boolean running = true;

    private AuditConsumer(
            HikariDataSource database,
            KafkaConsumer<byte[], byte[]> consumer,
            Admin admin,
            HttpEndpoints endpoints,
            Thread thread) {
        this.database = database;
        this.consumer = consumer;
        this.admin = admin;
        this.endpoints = endpoints;
        this.thread = thread;
    }

    public static AuditConsumer start(AuditConsumerConfig config, PrometheusMeterRegistry metrics) throws Exception {
        String instance = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        HikariDataSource database = Database.pool(config.database(), "audit", metrics);
        KafkaConsumer<byte[], byte[]> consumer = null;
        Admin admin = null;
        try {
            Database.migrate(database);
            Map<String, Object> consumerConfig = KafkaClients.consumer(
                    config.kafka(), instance, config.kafka().group(GROUP));
            consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(500, config.batchSize()));
            consumer = new KafkaConsumer<>(consumerConfig);
            new KafkaClientMetrics(consumer).bindTo(metrics);
            admin = Admin.create(KafkaClients.admin(config.kafka(), instance + "-admin"));
            AuditSink sink = new AuditSink(
                    consumer,
                    new AuditBatchWriter(database, Json.mapper()),
                    new AuditEventCodec(),
                    config.batchSize(),
                    config.batchMaxWait(),
                    metrics);
            String topic = config.kafka().topics().audit();
            AuditConsumer[] self = new AuditConsumer[1];
            KafkaConsumer<byte[], byte[]> kafka = consumer;
            Thread thread = Thread.ofPlatform().name("audit-sink").unstarted(() -> {
                sink.subscribe(topic);
                try {
                    sink.run(() -> self[0].running);
                } catch (RuntimeException e) {
                    log.error("the audit sink failed; uncommitted records will be read again", e);
                } finally {
                    kafka.close(Duration.ofSeconds(5));
                }
            });
            HttpEndpoints endpoints = HttpEndpoints.start(
                    config.http(),
                    metrics,
                    thread::isAlive,
                    List.of(
                            new DatabaseProbe(database),
                            new KafkaProbe(admin, List.of(topic)),
                            () -> sink.databaseAvailable()
                                    ? Probe.ok("Audit sink", "writing")
                                    : Probe.failed("Audit sink", "inserts failing, consumption paused")),
                    Map.of());
            self[0] = new AuditConsumer(database, consumer, admin, endpoints, thread);
            thread.start();
            log.info(
                    "audit-consumer {} started: {} into audit_log as group {}",
                    instance,
                    topic,
                    config.kafka().group(GROUP));
            return self[0];
        } catch (Exception | Error e) {
            if (consumer != null) {
                consumer.close(Duration.ZERO);
            }
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
            database.close();
            throw e;
        }
    }

    public int port() {
        return endpoints.port();
    }

    @Override
    public void close() {
        endpoints.drain();
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endpoints.close();
        admin.close(Duration.ofSeconds(2));
        database.close();
        log.info("audit-consumer stopped");
    }
}
