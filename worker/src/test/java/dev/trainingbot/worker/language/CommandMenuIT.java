package dev.trainingbot.worker.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.common.config.Secret;
import dev.trainingbot.common.config.TelegramSettings;
import dev.trainingbot.common.retry.Backoff;
import dev.trainingbot.testkit.redis.TestRedis;
import dev.trainingbot.testkit.telegram.BotApiEmulator;
import dev.trainingbot.worker.i18n.Messages;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.commands.GetMyCommands;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;

/**
 * The command menu against the emulator (through the real telegrambots client) and a real Redis: registered once per
 * fleet in every language, again when it changes, and in the end whatever Telegram does meanwhile.
 */
class CommandMenuIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicLong bots = new AtomicLong(7_000_000);

    private BotApiEmulator telegram;
    private TestRedis redis;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private OkHttpClient http;
    private TelegramGateway gateway;
    private final List<CommandMenu> menus = new ArrayList<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final String botId = Long.toString(bots.incrementAndGet());

    @BeforeEach
    void start() {
        telegram = BotApiEmulator.start();
        redis = TestRedis.claim();
        client = RedisClient.create();
        connection = redis.connect(client, redis.throttleDb());
        http = TelegramClients.http(16, Duration.ofSeconds(10));
        gateway = new TelegramGateway(
                TelegramClients.client(
                        new TelegramSettings(Secret.of(telegram.token()), URI.create(telegram.baseUrl())), http),
                new FloodControl(
                        connection.async(),
                        new FloodLimits(100_000, 100_000, 100_000, 100_000, 100_000, Duration.ofSeconds(1)),
                        new SimpleMeterRegistry()),
                new GatewaySettings(3, Duration.ofMillis(20), 50, Duration.ofSeconds(10)),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        menus.forEach(CommandMenu::close);
        http.dispatcher().executorService().shutdown();
        connection.close();
        client.shutdown();
        redis.close();
        telegram.close();
    }

    @Test
    void replicasStartingTogetherRegisterTheMenuOnceInEveryLanguage() {
        for (int replica = 0; replica < 4; replica++) {
            menu(new Messages("en"), "replica-" + replica).start();
        }

        await().atMost(WAIT).until(() -> registered("registered") + registered("unchanged") == 4);

        assertThat(registered("registered")).isEqualTo(1);
        assertThat(telegram.calls("setMyCommands")).isEqualTo(3);
        assertThat(telegram.calls("setChatMenuButton")).isEqualTo(1);
        assertThat(telegram.commandMenuFor("en"))
                .containsExactly(
                        "start — Open the main menu",
                        "progress — How far you have come",
                        "language — Choose the language I speak",
                        "help — What I can do");
        assertThat(telegram.commandMenuFor("ru")).first().isEqualTo("start — Открыть главное меню");
        assertThat(telegram.commandListSetFor(null)).isTrue();
        assertThat(telegram.commandMenuFor("de"))
                .as("a language without a list of its own")
                .isEqualTo(telegram.commandMenuFor("en"));
        assertThat(telegram.defaultMenuButton()).isEqualTo("commands");
    }

    @Test
    void aChangedMenuIsRegisteredAgainAndAnUnchangedOneNot() {
        menu(new Messages("en"), "first").start();
        await().atMost(WAIT).until(() -> registered("registered") == 1);

        menu(new Messages("en"), "second").start();
        await().atMost(WAIT).until(() -> registered("unchanged") == 1);
        assertThat(telegram.calls("setMyCommands")).isEqualTo(3);

        // DEFAULT_LANGUAGE changed: the menu of users of other languages is now Russian.
        menu(new Messages("ru"), "third").start();
        await().atMost(WAIT).until(() -> registered("registered") == 2);
        assertThat(telegram.calls("setMyCommands")).isEqualTo(6);
        assertThat(telegram.commandMenuFor("de")).first().isEqualTo("start — Открыть главное меню");
    }

    @Test
    void aMenuTelegramRefusesForAWhileIsRegisteredOnceItTakesIt() {
        telegram.failNext("setMyCommands", 2, 400);
        telegram.failNext("setChatMenuButton", 1, 502);
        telegram.failNext("setChatMenuButton", 3, 500);

        menu(new Messages("en"), "only").start();

        await().atMost(WAIT).until(() -> registered("registered") == 1);
        assertThat(registered("failed")).isGreaterThanOrEqualTo(2);
        assertThat(telegram.defaultMenuButton()).isEqualTo("commands");
        assertThat(telegram.commandMenuFor("ru")).hasSize(CommandMenu.COMMANDS.size());
    }

    @Test
    void theEmulatorChecksCommandsAsTelegramDoes() throws Exception {
        assertThatThrownBy(() -> gateway.call(SetMyCommands.builder()
                        .command(new BotCommand("Start", "Open the menu"))
                        .build()))
                .isInstanceOf(TelegramException.Permanent.class)
                .hasMessageContaining("BOT_COMMAND_INVALID");
        assertThatThrownBy(() -> gateway.call(SetMyCommands.builder()
                        .command(new BotCommand("start", "x".repeat(257)))
                        .build()))
                .isInstanceOf(TelegramException.Permanent.class);

        gateway.call(SetMyCommands.builder()
                .command(new BotCommand("start", "Anfangen"))
                .languageCode("de")
                .build());

        assertThat(gateway.call(GetMyCommands.builder().languageCode("de").build()))
                .extracting(BotCommand::getCommand)
                .containsExactly("start");
        assertThat(gateway.call(GetMyCommands.builder().build())).isEmpty();
    }

    private CommandMenu menu(Messages messages, String instance) {
        CommandMenu menu = new CommandMenu(
                gateway,
                connection.async(),
                messages,
                botId,
                instance,
                Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)),
                metrics);
        menus.add(menu);
        return menu;
    }

    private long registered(String outcome) {
        var counter =
                metrics.find("worker.command_menu").tag("outcome", outcome).counter();
        return counter == null ? 0 : (long) counter.count();
    }
}
