package dev.trainingbot.worker.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.audit.AuditEventCodec;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.config.Secret;
import dev.trainingbot.common.config.TelegramSettings;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.common.json.Json;
import dev.trainingbot.common.kafka.ChatKey;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.testkit.kafka.TestKafka;
import dev.trainingbot.testkit.postgres.TestDatabase;
import dev.trainingbot.testkit.redis.TestRedis;
import dev.trainingbot.testkit.telegram.BotApiEmulator;
import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.worker.audit.AuditPublisher;
import dev.trainingbot.worker.consume.RecordHandler;
import dev.trainingbot.worker.consume.RetryPolicy;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.InboundRecord;
import dev.trainingbot.worker.telegram.FloodControl;
import dev.trainingbot.worker.telegram.FloodLimits;
import dev.trainingbot.worker.telegram.GatewaySettings;
import dev.trainingbot.worker.telegram.TelegramClients;
import dev.trainingbot.worker.telegram.TelegramGateway;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Broadcasts against the real broker, Redis and PostgreSQL, delivered to the Bot API emulator: whom a broadcast goes
 * to, and that the update confirming it starts it once however often that update is retried.
 */
class BroadcastsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = Json.mapper();

    private static TestDatabase database;
    private static HikariDataSource dataSource;
    private static TestRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static KafkaSettings kafka;
    private static KafkaProducer<byte[], byte[]> producer;
    private static BotApiEmulator telegram;
    private static OkHttpClient http;
    private static Broadcasts broadcasts;
    private static OutboxSender sender;
    private static final AtomicLong updates = new AtomicLong(700_000);

    @BeforeAll
    static void start() {
        database = TestDatabase.create();
        dataSource = Database.pool(database.settings(), "broadcasts-it", new SimpleMeterRegistry());
        Database.migrate(dataSource);
        redis = TestRedis.claim();
        client = RedisClient.create();
        connection = redis.connect(client, redis.throttleDb());
        kafka = TestKafka.newNamespace(2);
        producer = new KafkaProducer<>(KafkaClients.producer(kafka, "broadcasts-it", Duration.ofSeconds(30)));
        telegram = BotApiEmulator.start();
        http = TelegramClients.http(16, Duration.ofSeconds(10));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        TelegramGateway gateway = new TelegramGateway(
                TelegramClients.client(
                        new TelegramSettings(Secret.of(telegram.token()), URI.create(telegram.baseUrl())), http),
                new FloodControl(
                        connection.async(),
                        new FloodLimits(100_000, 100_000, 100_000, 100_000, 100_000, Duration.ofSeconds(10)),
                        metrics),
                new GatewaySettings(3, Duration.ofMillis(20), 50, Duration.ofSeconds(5)),
                metrics);
        broadcasts = new Broadcasts(
                connection.async(),
                dataSource,
                producer,
                kafka.topics().outbox(),
                gateway,
                new Messages("en"),
                JSON,
                Clock.systemUTC());
        sender = new OutboxSender(
                broadcasts,
                message -> {
                    throw new IllegalStateException("no reminders in this test");
                },
                gateway,
                new AuditPublisher(producer, kafka.topics().audit(), new AuditEventCodec(JSON)),
                new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(200)),
                Clock.systemUTC(),
                metrics);
    }

    @AfterAll
    static void stop() {
        producer.close();
        telegram.close();
        http.dispatcher().executorService().shutdown();
        connection.close();
        client.shutdown();
        redis.close();
        dataSource.close();
        database.close();
    }

    @BeforeEach
    void noUsers() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement statement = c.createStatement()) {
            statement.execute("DELETE FROM users");
        }
    }

    @Test
    void aBroadcastGoesToEachPrivateChatOfAUserWhoHasNotBlockedTheBotOnce() throws Exception {
        TelegramUser ada = telegram.newUser("Ada", "en");
        TelegramUser bob = telegram.newUser("Bob", "en");
        user(ada.id(), ada.chatId(), false);
        user(bob.id(), bob.chatId(), true);
        // Seen only in groups: no private chat to send to.
        user(updates.incrementAndGet(), null, false);
        // Rows from before chat ids were written from private chats only: two users with one chat.
        TelegramUser cy = telegram.newUser("Cy", "en");
        user(cy.id(), cy.chatId(), false);
        user(updates.incrementAndGet(), cy.chatId(), false);

        assertThat(broadcasts.audience()).isEqualTo(2);
        Broadcasts.Started started =
                broadcasts.start(updates.incrementAndGet(), "Hello all", ada.chatId(), 1, Locale.ENGLISH);

        assertThat(started.total()).isEqualTo(2);
        assertThat(outboxRecords(started.id(), 2))
                .extracting(record ->
                        JSON.readValue(record.value(), OutboxMessage.class).chatId())
                .containsExactlyInAnyOrder(ada.chatId(), cy.chatId());
    }

    @Test
    void aRetriedConfirmationStartsNoSecondBroadcastAndEveryoneGetsTheMessageOnce() throws Exception {
        TelegramUser admin = telegram.newUser("Admin", "en");
        List<TelegramUser> audience = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TelegramUser member = telegram.newUser("Member" + i, "en");
            user(member.id(), member.chatId(), false);
            audience.add(member);
        }
        user(admin.id(), admin.chatId(), false);
        audience.add(admin);
        long confirmation = updates.incrementAndGet();
        Broadcasts.Started first = broadcasts.start(confirmation, "<b>News</b>", admin.chatId(), 1, Locale.ENGLISH);
        // Someone writes to the bot for the first time before the confirmation is retried.
        TelegramUser late = telegram.newUser("Late", "en");
        user(late.id(), late.chatId(), false);

        Broadcasts.Started retried = broadcasts.start(confirmation, "<b>News</b>", admin.chatId(), 1, Locale.ENGLISH);

        assertThat(retried).isEqualTo(first);
        List<ConsumerRecord<byte[], byte[]>> records = outboxRecords(first.id(), 2 * audience.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            deliver(record);
        }
        BotMessage finished = admin.awaitMessage(m -> m.text().contains("finished"), WAIT, "the final counts");
        assertThat(finished.text()).contains("Of 4 users: ✅ delivered 4, ⛔ blocked the bot 0, ❌ failed 0");
        assertThat(admin.sent()).filteredOn(m -> m.text().contains("finished")).hasSize(1);
        assertThat(audience)
                .allSatisfy(member -> assertThat(member.sent())
                        .filteredOn(m -> m.text().contains("News"))
                        .hasSize(1));
        assertThat(late.sent()).isEmpty();
    }

    @Test
    void anotherConfirmationIsAnotherBroadcast() throws Exception {
        TelegramUser ada = telegram.newUser("Ada", "en");
        user(ada.id(), ada.chatId(), false);

        Broadcasts.Started one = broadcasts.start(updates.incrementAndGet(), "One", ada.chatId(), 1, Locale.ENGLISH);
        Broadcasts.Started two = broadcasts.start(updates.incrementAndGet(), "Two", ada.chatId(), 1, Locale.ENGLISH);

        assertThat(one.id()).isNotEqualTo(two.id());
    }

    /** Hands an outbox record to the sender as the outbox consumer would, and waits until it is done. */
    private static void deliver(ConsumerRecord<byte[], byte[]> record) {
        boolean[] done = {false};
        sender.process(
                new InboundRecord(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        new ChatKey(Long.parseLong(new String(record.key()))),
                        record.value(),
                        OptionalLong.empty()),
                record.headers(),
                new RecordHandler.Progress() {
                    @Override
                    public void done() {
                        done[0] = true;
                    }

                    @Override
                    public boolean revoked() {
                        return false;
                    }
                });
        assertThat(done[0]).as("record " + record.offset() + " handled").isTrue();
    }

    /** The outbox records of broadcast {@code id}, waiting until there are {@code count}, in offset order per chat. */
    private static List<ConsumerRecord<byte[], byte[]>> outboxRecords(String id, int count) {
        List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                KafkaClients.consumer(kafka, "broadcasts-it-reader", "reader-" + UUID.randomUUID()))) {
            consumer.subscribe(List.of(kafka.topics().outbox()));
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (JSON.readValue(record.value(), OutboxMessage.class)
                            .broadcast()
                            .equals(id)) {
                        mine.add(record);
                    }
                }
                return mine.size() >= count;
            });
        }
        assertThat(mine).hasSize(count);
        return mine;
    }

    private static void user(long id, Long chatId, boolean blocked) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO users (id, chat_id, first_name, blocked_at) VALUES (?, ?, 'U', ?)")) {
            insert.setLong(1, id);
            insert.setObject(2, chatId);
            insert.setObject(3, blocked ? java.sql.Timestamp.from(java.time.Instant.now()) : null);
            insert.executeUpdate();
        }
    }
}
