package dev.trainingbot.worker.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.common.config.Secret;
import dev.trainingbot.common.config.TelegramSettings;
import dev.trainingbot.testkit.redis.TestRedis;
import dev.trainingbot.testkit.telegram.BotApiEmulator;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.testkit.telegram.TranscriptEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;

/** The gateway against the emulator (through the real telegrambots client) and a real Redis for the flood limits. */
class TelegramGatewayIT {

    private static BotApiEmulator telegram;
    private static TestRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static OkHttpClient http;
    // Requests whose body the client has written: from then on the call is on the wire.
    private static final AtomicInteger written = new AtomicInteger();
    private static TelegramGateway gateway;

    @BeforeAll
    static void start() {
        telegram = BotApiEmulator.start();
        redis = TestRedis.claim();
        client = RedisClient.create();
        connection = redis.connect(client, redis.throttleDb());
        http = TelegramClients.http(16, Duration.ofSeconds(10))
                .newBuilder()
                .eventListener(new EventListener() {
                    @Override
                    public void requestBodyEnd(Call call, long byteCount) {
                        written.incrementAndGet();
                    }
                })
                .build();
        gateway = new TelegramGateway(
                TelegramClients.client(
                        new TelegramSettings(Secret.of(telegram.token()), URI.create(telegram.baseUrl())), http),
                new FloodControl(
                        connection.async(),
                        new FloodLimits(100_000, 100_000, 100_000, 100_000, 100_000, Duration.ofSeconds(1)),
                        new SimpleMeterRegistry()),
                new GatewaySettings(5, Duration.ofMillis(20), 50, Duration.ofSeconds(10)),
                new SimpleMeterRegistry());
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

    @Test
    void aRequestTheClientRefusesToSendIsPermanentAndNeverSent() {
        TelegramUser user = telegram.newUser("Empty", "en");
        long before = telegram.calls("sendMessage");

        assertThatThrownBy(() -> gateway.send(
                        SendMessage.builder().chatId(user.chatId()).text("").build()))
                .isInstanceOf(TelegramException.Permanent.class)
                .hasMessageContaining("sendmessage")
                .hasMessageContaining("Text parameter can't be empty");
        assertThat(telegram.calls("sendMessage")).isEqualTo(before);
    }

    @Test
    void aButtonTelegramNoLongerTakesAnAnswerForIsNoFailure() throws Exception {
        TelegramUser user = telegram.newUser("Twice", "en");
        String query = pressedButton(user);

        assertThat(gateway.answer(answer(query))).isTrue();
        assertThat(gateway.answer(answer(query))).isFalse();
        assertThat(user.callbackAnswers()).hasSize(1);
    }

    @Test
    void anAnswerThatReachedTelegramButWhoseReplyWasLostIsNoFailureWhenRetried() throws Exception {
        TelegramUser user = telegram.newUser("Lost", "en");
        String query = pressedButton(user);
        telegram.loseAnswersOfNext("answerCallbackQuery", 1);

        // The gateway tries again after the 502, and Telegram says the query was answered.
        assertThat(gateway.answer(answer(query))).isFalse();
        assertThat(user.callbackAnswers()).hasSize(1);
    }

    @Test
    void aRequestTelegramRefusesIsPermanent() {
        TelegramUser user = telegram.newUser("Refused", "en");
        telegram.failNext("sendMessage", 1, 400);

        assertThatThrownBy(() -> gateway.send(
                        SendMessage.builder().chatId(user.chatId()).text("hi").build()))
                .isInstanceOfSatisfying(
                        TelegramException.Permanent.class,
                        e -> assertThat(e.errorCode()).isEqualTo(400));
    }

    @Test
    void anInterruptedCallGivesUpAtOnceKeepingTheInterrupt() {
        TelegramUser user = telegram.newUser("Interrupted", "en");
        telegram.delay("sendMessage", Duration.ofMillis(1_500));
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        int writtenBefore = written.get();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                gateway.send(SendMessage.builder()
                        .chatId(user.chatId())
                        .text("abandoned")
                        .build());
                failure.complete(null);
            } catch (Throwable e) {
                stillInterrupted.set(Thread.currentThread().isInterrupted());
                failure.complete(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> written.get() > writtenBefore);

        caller.interrupt();

        // Well before the answer, 1.5 s away.
        assertThat(failure).succeedsWithin(Duration.ofMillis(1_000)).isInstanceOf(TelegramException.Retriable.class);
        assertThat(stillInterrupted).isTrue();
        // The request already on the wire is answered; it is not sent a second time.
        await().atMost(Duration.ofSeconds(5)).until(() -> user.sent().size() == 1);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .until(() -> user.sent().size() == 1);
    }

    @Test
    void aButtonsNewScreenDoesNotWaitForTheButtonsAnswer() throws Exception {
        TelegramUser user = telegram.newUser("Hurried", "en");
        TranscriptEvent.UserPressed press = press(user);
        telegram.delay("answerCallbackQuery", Duration.ofSeconds(2));

        assertThat(gateway.answerAndEdit(answer(press.callbackQueryId()), edit(user, press, "the next screen")))
                .isTrue();

        Instant edited = first(user, TranscriptEvent.Edited.class).at();
        Instant answered = first(user, TranscriptEvent.CallbackAnswered.class).at();
        assertThat(Duration.between(edited, answered)).isGreaterThan(Duration.ofSeconds(1));
        assertThat(user.lastMessage().text()).isEqualTo("the next screen");
    }

    @Test
    void aButtonAnswerRefusedBesideAnEditFailsTheCallAndTheEditStays() throws Exception {
        TelegramUser user = telegram.newUser("Refused", "en");
        TranscriptEvent.UserPressed press = press(user);
        telegram.failNext("answerCallbackQuery", 1, 400);

        assertThatThrownBy(
                        () -> gateway.answerAndEdit(answer(press.callbackQueryId()), edit(user, press, "shown anyway")))
                .isInstanceOf(TelegramException.Permanent.class)
                .hasMessageContaining("answercallbackquery");
        assertThat(user.lastMessage().text()).isEqualTo("shown anyway");
    }

    @Test
    void whenTheEditAndTheAnswerBothFailTheEditsFailureIsThrownWithTheAnswers() throws Exception {
        TelegramUser user = telegram.newUser("Unlucky", "en");
        TranscriptEvent.UserPressed press = press(user);
        telegram.failNext("editMessageText", 1, 400);
        telegram.failNext("answerCallbackQuery", 1, 400);

        assertThatThrownBy(() -> gateway.answerAndEdit(answer(press.callbackQueryId()), edit(user, press, "never")))
                .isInstanceOf(TelegramException.Permanent.class)
                .hasMessageContaining("editmessagetext")
                .satisfies(e ->
                        assertThat(e.getSuppressed()).singleElement().asString().contains("answercallbackquery"));
        assertThat(user.lastMessage().text()).isEqualTo("press me");
    }

    /** The id of a callback query the user sent by pressing a button under a message of the bot. */
    private static String pressedButton(TelegramUser user) throws Exception {
        return press(user).callbackQueryId();
    }

    /** The user's press of a button under a new message of the bot. */
    private static TranscriptEvent.UserPressed press(TelegramUser user) throws Exception {
        int message = gateway.send(SendMessage.builder()
                        .chatId(user.chatId())
                        .text("press me")
                        .build())
                .getMessageId();
        long update = user.pressCallbackData(message, "1:menu");
        return user.transcript().stream()
                .filter(e -> e instanceof TranscriptEvent.UserPressed pressed && pressed.updateId() == update)
                .map(TranscriptEvent.UserPressed.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private static EditMessageText edit(TelegramUser user, TranscriptEvent.UserPressed press, String text) {
        return EditMessageText.builder()
                .chatId(user.chatId())
                .messageId(press.messageId())
                .text(text)
                .build();
    }

    private static <E extends TranscriptEvent> E first(TelegramUser user, Class<E> type) {
        return user.transcript().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow();
    }

    private static AnswerCallbackQuery answer(String query) {
        return AnswerCallbackQuery.builder().callbackQueryId(query).build();
    }
}
