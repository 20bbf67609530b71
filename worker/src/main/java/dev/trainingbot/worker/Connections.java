package dev.trainingbot.worker;

import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.redis.RedisConnections;
import dev.trainingbot.worker.course.content.CourseUpdates;
import dev.trainingbot.worker.i18n.Languages;
import dev.trainingbot.worker.telegram.FloodControl;
import dev.trainingbot.worker.telegram.TelegramClients;
import dev.trainingbot.worker.telegram.TelegramGateway;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Deque;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * What a worker talks to: the PostgreSQL pool (migrated) with the course versions it stores, the Redis connections,
 * the Telegram gateway over its HTTP client, and Kafka's producer and admin client.
 *
 * @param content the course versions, the served one stored from the content file if it is new
 */
record Connections(
        HikariDataSource database,
        CourseUpdates content,
        RedisConnections redis,
        TelegramGateway telegram,
        KafkaProducer<byte[], byte[]> producer,
        Admin admin) {

    /**
     * Opens them in that order, each pushed onto {@code resources} as it opens, so that closing those from the top
     * closes them in reverse and a failure part-way leaves nothing open the caller cannot close.
     */
    static Connections open(
            WorkerConfig config,
            String instance,
            Languages languages,
            PrometheusMeterRegistry metrics,
            Deque<AutoCloseable> resources)
            throws Exception {
        HikariDataSource database = Database.pool(config.database(), "worker", metrics);
        resources.push(database);
        Database.migrate(database);
        CourseUpdates content = CourseUpdates.start(config.contentPath(), languages, database, metrics);
        resources.push(content);
        RedisConnections redis = RedisConnections.connect(config.redis(), metrics);
        resources.push(redis);

        OkHttpClient http = TelegramClients.http(config.telegramConcurrency(), config.telegramTimeout());
        resources.push(() -> {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        });
        TelegramGateway telegram = new TelegramGateway(
                TelegramClients.client(config.telegram(), http),
                TelegramClients.files(config.telegram(), http),
                new FloodControl(redis.throttle().async(), config.flood(), metrics),
                config.gateway(),
                metrics);

        // Nothing the worker produces is on a reply's way to the user (audit events, the outbox, dead letters): a
        // longer linger sends them in fewer, larger requests.
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(
                config.kafka(), instance + "-producer", Duration.ofSeconds(30), Duration.ofMillis(5)));
        resources.push(() -> producer.close(Duration.ofSeconds(10)));
        new KafkaClientMetrics(producer).bindTo(metrics);
        Admin admin = Admin.create(KafkaClients.admin(config.kafka(), instance + "-admin"));
        resources.push(() -> admin.close(Duration.ofSeconds(2)));
        return new Connections(database, content, redis, telegram, producer, admin);
    }
}
