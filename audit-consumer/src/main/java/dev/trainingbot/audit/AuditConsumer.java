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
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running audit-consumer: group {@code audit-writers} on {@code tg.audit}, its {@link AuditSink} on a platform
 * thread, and the HTTP endpoints. {@link #close()} writes what it holds, commits, and closes; during a database outage
 * it stops at once instead, committing nothing it did not write (those records are read again by the next owner).
 */
public final class AuditConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditConsumer.class);
    public static final String GROUP = "audit-writers";
    private static final long SHUTDOWN_GRACE_SECONDS = 5;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(SHUTDOWN_GRACE_SECONDS);
    private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(30);

    private final HikariDataSource database;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final HttpEndpoints endpoints;
    private final AuditSink sink;
    private final Thread thread;
    private volatile boolean running = true;

    private AuditConsumer(
            HikariDataSource database,
            KafkaConsumer<byte[], byte[]> consumer,
            Admin admin,
            HttpEndpoints endpoints,
            AuditSink sink,
            Thread thread) {
        this.database = database;
        this.consumer = consumer;
        this.admin = admin;
        this.endpoints = endpoints;
        this.sink = sink;
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
            // Events wait for their batch anyway: let the broker gather them too, answering a fetch once 64 KiB
            // are there or the batch wait has passed, instead of once for every event or two (and, idle, once a
            // second rather than ten times).
            consumerConfig.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
            consumerConfig.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int)
                    Math.clamp(config.batchMaxWait().toMillis(), 1, 1_000));
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
                } catch (InterruptException e) {
                    log.info("the audit sink was interrupted while stopping; uncommitted records will be read again");
                } catch (RuntimeException e) {
                    log.error("the audit sink failed; uncommitted records will be read again", e);
                } finally {
                    // close() may have interrupted a wait for a connection; leaving the group needs a clear flag.
                    Thread.interrupted();
                    try {
                        kafka.close(Duration.ofSeconds(5));
                    } catch (InterruptException e) {
                        log.info("leaving the group was interrupted; the group notices after its session timeout");
                    }
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
            self[0] = new AuditConsumer(database, consumer, admin, endpoints, sink, thread);
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

    /**
     * Stops: the sink writes and commits what it holds and leaves the group. When the database is unavailable there
     * is nothing it could write, so the sink is interrupted rather than left waiting up to {@code DB_POOL_TIMEOUT} for
     * a connection; so is a sink still busy after {@value #SHUTDOWN_GRACE_SECONDS} s. Either way nothing unwritten is
     * committed.
     */
    @Override
    public void close() {
        endpoints.drain();
        running = false;
        consumer.wakeup();
        try {
            if (!sink.databaseAvailable()) {
                thread.interrupt();
            }
            thread.join(SHUTDOWN_GRACE);
            if (thread.isAlive()) {
                log.warn("the audit sink is still busy after {} s; interrupting it", SHUTDOWN_GRACE.toSeconds());
                thread.interrupt();
                thread.join(SHUTDOWN_LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endpoints.close();
        admin.close(Duration.ofSeconds(2));
        database.close();
        log.info("audit-consumer stopped");
    }
}
