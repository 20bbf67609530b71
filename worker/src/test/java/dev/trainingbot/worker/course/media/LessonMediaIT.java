package dev.trainingbot.worker.course.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainingbot.common.config.Secret;
import dev.trainingbot.common.config.TelegramSettings;
import dev.trainingbot.testkit.redis.TestRedis;
import dev.trainingbot.testkit.telegram.BotApiEmulator;
import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.Document;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.Localized;
import dev.trainingbot.worker.course.content.MediaKind;
import dev.trainingbot.worker.course.content.MediaSource;
import dev.trainingbot.worker.telegram.FloodControl;
import dev.trainingbot.worker.telegram.FloodLimits;
import dev.trainingbot.worker.telegram.GatewaySettings;
import dev.trainingbot.worker.telegram.TelegramClients;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.telegram.TelegramGateway;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Lesson media of every kind through the real gateway and client, the emulator and a real Redis. */
class LessonMediaIT {

    private static BotApiEmulator telegram;
    private static TestRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static OkHttpClient http;
    private static LessonMedia media;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        telegram = BotApiEmulator.start();
        redis = TestRedis.claim();
        client = RedisClient.create();
        connection = redis.connect(client, redis.throttleDb());
        http = TelegramClients.http(16, Duration.ofSeconds(10));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        TelegramGateway gateway = new TelegramGateway(
                TelegramClients.client(
                        new TelegramSettings(Secret.of(telegram.token()), URI.create(telegram.baseUrl())), http),
                new FloodControl(
                        connection.async(),
                        new FloodLimits(100_000, 100_000, 100_000, 100_000, 100_000, Duration.ofSeconds(1)),
                        metrics),
                new GatewaySettings(5, Duration.ofMillis(20), 50, Duration.ofSeconds(10)),
                metrics);
        media = new LessonMedia(gateway, new FileIds(connection.async(), Long.toString(telegram.botId())), metrics);
    }

    @AfterAll
    static void stop() {
        http.dispatcher().executorService().shutdown();
        connection.close();
        client.shutdown();
        redis.close();
        telegram.close();
    }

    @BeforeEach
    void noFaults() {
        telegram.clearFaults();
    }

    @ParameterizedTest
    @EnumSource(MediaKind.class)
    void eachKindIsUploadedOnceThenSentByFileIdEvenAfterAFailedAttempt(MediaKind kind) throws Exception {
        Path file = dir.resolve(kind.key() + "-lesson.bin");
        Files.writeString(file, "the " + kind.key());
        Course.Media lesson = new Course.Media(
                kind, new MediaSource.LocalFile(file), Optional.of(Localized.of("en", "About " + kind.key())));
        TelegramUser ann = telegram.newUser("Ann", "en");
        TelegramUser ben = telegram.newUser("Ben", "en");
        // The first attempt fails after the upload was read: the retry must send the file again, not an empty stream.
        telegram.failNext(method(kind), 1, 502);

        Document first = sent(ann, lesson);
        Document second = sent(ben, lesson);

        assertThat(first.kind()).isEqualTo(kind.key());
        assertThat(first.contentAsText()).isEqualTo("the " + kind.key());
        assertThat(ann.lastMessage().text()).isEqualTo("About " + kind.key());
        assertThat(second.fileId()).isEqualTo(first.fileId());
        assertThat(telegram.uploads(file.getFileName().toString())).isEqualTo(1);
    }

    @Test
    void aChangedFileIsUploadedAgain() throws Exception {
        Path file = dir.resolve("changed.png");
        Files.writeString(file, "first version");
        Course.Media lesson = new Course.Media(MediaKind.PHOTO, new MediaSource.LocalFile(file), Optional.empty());
        sent(telegram.newUser("Old", "en"), lesson);

        Files.writeString(file, "second, longer version");
        Document changed = sent(telegram.newUser("New", "en"), lesson);

        assertThat(changed.contentAsText()).isEqualTo("second, longer version");
        assertThat(telegram.uploads("changed.png")).isEqualTo(2);
    }

    @Test
    void aUrlIsFetchedByTelegramOnceThenSentByFileId() throws Exception {
        Course.Media lesson = new Course.Media(
                MediaKind.VIDEO,
                new MediaSource.Url(URI.create("https://cdn.example.com/intro.mp4")),
                Optional.empty());
        long fetches = telegram.urlFetches();

        Document first = sent(telegram.newUser("Url", "en"), lesson);
        Document second = sent(telegram.newUser("Url2", "en"), lesson);

        assertThat(first.fileName()).isEqualTo("intro.mp4");
        assertThat(second.fileId()).isEqualTo(first.fileId());
        assertThat(telegram.urlFetches()).isEqualTo(fetches + 1);
    }

    @Test
    void aFileTelegramRefusesItselfIsAPermanentFailureForTheCallerToReport() throws Exception {
        Path file = dir.resolve("huge.png");
        try (var out = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(10L * 1024 * 1024 + 1);
        }
        Course.Media lesson = new Course.Media(MediaKind.PHOTO, new MediaSource.LocalFile(file), Optional.empty());

        assertThatThrownBy(() -> media.send(telegram.newUser("Big", "en").chatId(), lesson, Locale.ENGLISH))
                .isInstanceOf(TelegramException.Permanent.class);
    }

    private static Document sent(TelegramUser user, Course.Media lesson) throws TelegramException {
        media.send(user.chatId(), lesson, Locale.ENGLISH);
        BotMessage message = user.awaitMessage(m -> m.document().isPresent(), Duration.ofSeconds(10), "the media");
        return message.document().orElseThrow();
    }

    private static String method(MediaKind kind) {
        return "send" + kind.key().substring(0, 1).toUpperCase(Locale.ROOT)
                + kind.key().substring(1);
    }
}
