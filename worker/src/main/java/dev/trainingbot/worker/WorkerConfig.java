package dev.trainingbot.worker;

import dev.trainingbot.common.config.ConfigReader;
import dev.trainingbot.common.config.DatabaseSettings;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.HttpSettings;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.config.RedisSettings;
import dev.trainingbot.common.config.TelegramSettings;
import dev.trainingbot.worker.admin.AdminSettings;
import dev.trainingbot.worker.consume.ConsumerSettings;
import dev.trainingbot.worker.guard.ThrottleLimits;
import dev.trainingbot.worker.i18n.Languages;
import dev.trainingbot.worker.reminder.ReminderSettings;
import dev.trainingbot.worker.telegram.FloodLimits;
import dev.trainingbot.worker.telegram.GatewaySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The worker's configuration, validated as a whole before anything connects.
 *
 * @param defaultLanguage {@code DEFAULT_LANGUAGE} (default {@code en}, one of the languages of the bundles
 *     {@code i18n/messages_<language>.properties}): for users who chose no language and whose Telegram language the
 *     bot does not speak
 * @param fsmTtl {@code FSM_TTL_SECONDS} (default 30 days): a conversation untouched this long is forgotten
 * @param userTouchInterval {@code USER_TOUCH_INTERVAL_SECONDS} (default 300): how stale {@code users.last_seen_at} may
 *     get; the worker writes a user at most once per interval
 * @param telegramConcurrency {@code TELEGRAM_MAX_CONCURRENT_CALLS} (default 512): Bot API calls in flight at once
 * @param telegramTimeout {@code TELEGRAM_CALL_TIMEOUT_MS} (default 15000): a call taking longer fails as retriable
 * @param contentPath {@code CONTENT_PATH} (default {@code content/course.yaml}): the course, see content/README.md
 * @param admin the admin panel's settings ({@code ADMIN_*})
 * @param flood Telegram's flood limits, kept by all replicas together ({@code TELEGRAM_GLOBAL_*}, {@code TELEGRAM_CHAT_*})
 * @param gateway retries and circuit breaker of Bot API calls ({@code TELEGRAM_RETRY_*}, {@code TELEGRAM_BREAKER_*})
 * @param reminders when reminders are looked for and the quiet hours ({@code REMINDER_*}); the rules are content
 * @param warmUp {@code WORKER_WARMUP_MS} (default 1000, 0: none): the self-warm-up's budget before the worker takes
 *     updates (see {@code WarmUp})
 */
public record WorkerConfig(
        KafkaSettings kafka,
        RedisSettings redis,
        DatabaseSettings database,
        TelegramSettings telegram,
        HttpSettings http,
        ConsumerSettings consumer,
        ThrottleLimits throttle,
        String defaultLanguage,
        Duration fsmTtl,
        Duration userTouchInterval,
        int telegramConcurrency,
        Duration telegramTimeout,
        Path contentPath,
        AdminSettings admin,
        FloodLimits flood,
        GatewaySettings gateway,
        ReminderSettings reminders,
        Duration warmUp) {

    /** {@code CONTENT_PATH} when unset, relative to the working directory (the image's {@code /app}). */
    public static final String DEFAULT_CONTENT_PATH = "content/course.yaml";

    public static WorkerConfig from(Env env) {
        ConfigReader config = new ConfigReader(env);
        KafkaSettings kafka = KafkaSettings.read(config);
        RedisSettings redis = RedisSettings.read(config);
        DatabaseSettings database = DatabaseSettings.read(config);
        TelegramSettings telegram = TelegramSettings.read(config);
        HttpSettings http = HttpSettings.read(config, 8081);
        ConsumerSettings consumer = ConsumerSettings.read(config);
        ThrottleLimits throttle = ThrottleLimits.read(config);
        String language = config.oneOf("DEFAULT_LANGUAGE", "en", java.util.Set.copyOf(Languages.bundled()));
        Duration fsmTtl = config.seconds("FSM_TTL_SECONDS", 30 * 86_400, 60, 365 * 86_400);
        Duration touch = config.seconds("USER_TOUCH_INTERVAL_SECONDS", 300, 1, 86_400);
        int concurrency = config.integer("TELEGRAM_MAX_CONCURRENT_CALLS", 512, 1, 10_000);
        Duration timeout = config.millis("TELEGRAM_CALL_TIMEOUT_MS", 15_000, 100, 300_000);
        Path content = Path.of(config.string("CONTENT_PATH", DEFAULT_CONTENT_PATH));
        if (!Files.isRegularFile(content)) {
            config.invalid(
                    "CONTENT_PATH", content.toString(), "no such file (the course content, see content/README.md)");
        }
        AdminSettings admin = AdminSettings.read(config);
        FloodLimits flood = FloodLimits.read(config);
        GatewaySettings gateway = GatewaySettings.read(config);
        ReminderSettings reminders = ReminderSettings.read(config);
        Duration warmUp = config.millis("WORKER_WARMUP_MS", 1_000, 0, 60_000);
        config.validate();
        return new WorkerConfig(
                kafka,
                redis,
                database,
                telegram,
                http,
                consumer,
                throttle,
                language,
                fsmTtl,
                touch,
                concurrency,
                timeout,
                content,
                admin,
                flood,
                gateway,
                reminders,
                warmUp);
    }
}
