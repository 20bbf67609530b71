package dev.trainingbot.fleet;

import static org.awaitility.Awaitility.await;

import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.testkit.kafka.TestKafka;
import dev.trainingbot.testkit.postgres.TestDatabase;
import dev.trainingbot.testkit.redis.TestRedis;
import dev.trainingbot.testkit.telegram.BotApiEmulator;
import dev.trainingbot.testkit.telegram.EmulatorOptions;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.testkit.time.SkippingClock;
import dev.trainingbot.worker.route.RouteExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A whole fleet for one test class, on real infrastructure: a fresh topic namespace on the run's Kafka broker, a
 * PostgreSQL database and two Redis databases of its own, and a Telegram emulator to which the ingress registers its
 * webhook — then the audit-consumer, the workers and the ingress, wired as in production.
 */
final class FleetUnderTest implements AutoCloseable {

    final BotApiEmulator telegram;
    /** The clock of the emulator's dates and the ingress's arrivals: {@link SkippingClock#skip} moves the throttle's. */
    final SkippingClock clock;

    final TestDatabase database;
    final TestRedis redis;
    final KafkaSettings kafka;
    final Env env;
    final Fleet fleet;

    private FleetUnderTest(
            BotApiEmulator telegram,
            SkippingClock clock,
            TestDatabase database,
            TestRedis redis,
            KafkaSettings kafka,
            Env env,
            Fleet fleet) {
        this.telegram = telegram;
        this.clock = clock;
        this.database = database;
        this.redis = redis;
        this.kafka = kafka;
        this.env = env;
        this.fleet = fleet;
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private int workers = 1;
        private int partitions = 4;
        private final Map<String, String> overrides = new HashMap<>();
        private RouteExtension routes = RouteExtension.NONE;
        private String redisServer = TestRedis.serverUrl();
        private Clock workerClock = Clock.systemUTC();

        Builder workers(int count) {
            this.workers = count;
            return this;
        }

        Builder partitions(int count) {
            this.partitions = count;
            return this;
        }

        Builder set(String variable, String value) {
            overrides.put(variable, value);
            return this;
        }

        /** Uses the Redis server at {@code url} (a test's own {@code RedisServerProcess}) instead of the shared one. */
        Builder redisServer(String url) {
            this.redisServer = url;
            return this;
        }

        /**
         * Runs the workers on {@code clock}, e.g. a {@code ManualClock} the test moves days forward; the emulator and
         * the ingress keep the fleet's {@link SkippingClock}, so the throttle still counts arrivals at the real pace.
         */
        Builder workerClock(Clock clock) {
            this.workerClock = clock;
            return this;
        }

        /** Changes the workers' route table, e.g. adds a handler that exercises a failure path. */
        Builder routes(RouteExtension routes) {
            this.routes = routes;
            return this;
        }

        FleetUnderTest start() throws Exception {
            SkippingClock clock = new SkippingClock();
            BotApiEmulator telegram =
                    BotApiEmulator.start(EmulatorOptions.defaults().withClock(clock));
            TestDatabase database = null;
            TestRedis redis = null;
            try {
                database = TestDatabase.create();
                redis = TestRedis.claim(redisServer);
                KafkaSettings kafka = TestKafka.newNamespace(partitions);
                int ingressPort = freePort();
                Map<String, String> variables = new HashMap<>();
                variables.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
                variables.put("KAFKA_TOPIC_PREFIX", kafka.topicPrefix());
                variables.put("REDIS_URL", redis.url());
                variables.put("REDIS_FSM_DB", Integer.toString(redis.fsmDb()));
                variables.put("REDIS_THROTTLE_DB", Integer.toString(redis.throttleDb()));
                variables.put("DATABASE_URL", database.url());
                variables.put("DB_POOL_SIZE", "1");
                variables.put("DB_MAX_OVERFLOW", "9");
                variables.put("BOT_TOKEN", telegram.token());
                variables.put("TELEGRAM_API_URL", telegram.baseUrl());
                variables.put("INGRESS_MODE", "webhook");
                variables.put("WEBHOOK_SECRET", UUID.randomUUID().toString().replace("-", ""));
                variables.put("WEBHOOK_URL", "http://127.0.0.1:" + ingressPort + "/telegram/webhook");
                variables.put("HTTP_PORT", Integer.toString(ingressPort));
                variables.put("CONTENT_PATH", "../content/course.yaml");
                variables.put("AUDIT_BATCH_MAX_WAIT_MS", "50");
                variables.put("WORKER_RETRY_BACKOFF_MS", "50");
                variables.put("WORKER_RETRY_BACKOFF_MAX_MS", "500");
                variables.put("WORKER_DRAIN_TIMEOUT_MS", "5000");
                variables.putAll(overrides);
                Env env = Env.of(variables);
                Fleet fleet = Fleet.start(env, workers, routes, clock, workerClock);
                FleetUnderTest started = new FleetUnderTest(telegram, clock, database, redis, kafka, env, fleet);
                started.awaitSettledGroup(partitions);
                return started;
            } catch (Exception | Error e) {
                telegram.close();
                if (redis != null) {
                    redis.close();
                }
                if (database != null) {
                    database.close();
                }
                throw e;
            }
        }
    }

    /**
     * Waits until the workers hold all {@code partitions} between them and have for two seconds: a test that starts
     * while the group still rebalances would see the duplicates a rebalance may cause, which are not its subject.
     */
    void awaitSettledGroup(int partitions) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .during(java.time.Duration.ofSeconds(2))
                .until(() -> fleet.workers().stream()
                                .mapToInt(dev.trainingbot.worker.Worker::assignedPartitions)
                                .sum()
                        == partitions);
    }

    /** The ingress's webhook URL, to post to it directly as Telegram would. */
    String webhookUrl() {
        return env.get("WEBHOOK_URL").orElseThrow();
    }

    String webhookSecret() {
        return env.get("WEBHOOK_SECRET").orElseThrow();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            fleet.close();
        } finally {
            telegram.close();
            redis.close();
            database.close();
        }
    }

    /** The first dead letter of {@code user}'s chat on {@code tg.updates.dlq}, waiting up to {@code wait} for it. */
    public ConsumerRecord<byte[], byte[]> deadLetterOf(TelegramUser user, Duration wait) {
        byte[] key = Long.toString(user.chatId()).getBytes(StandardCharsets.US_ASCII);
        try (KafkaConsumer<byte[], byte[]> consumer = deadLetterReader()) {
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(wait).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (Arrays.equals(record.key(), key)) {
                        records.add(record);
                    }
                });
                return !records.isEmpty();
            });
            return records.getFirst();
        }
    }

    /** Every record on {@code tg.updates.dlq} so far, read to the end of the topic. */
    public List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        try (KafkaConsumer<byte[], byte[]> consumer = deadLetterReader()) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** A consumer of every partition of {@code tg.updates.dlq}, from its beginning. */
    private KafkaConsumer<byte[], byte[]> deadLetterReader() {
        String topic = kafka.topics().deadLetters();
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(KafkaClients.consumer(kafka, "dlq-reader", "dlq-reader-test"));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
