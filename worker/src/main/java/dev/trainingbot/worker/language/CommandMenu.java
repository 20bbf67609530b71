package dev.trainingbot.worker.language;

import dev.trainingbot.common.retry.Backoff;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.telegram.TelegramGateway;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.menubutton.SetChatMenuButton;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeDefault;
import org.telegram.telegrambots.meta.api.objects.menubutton.MenuButtonCommands;

/**
 * Telegram's command menu (the "/" list and the Menu button) in every language the bot speaks: one
 * {@code setMyCommands} per language (its {@code language_code}) and one without, in {@code DEFAULT_LANGUAGE}, for
 * users of other languages; then {@code setChatMenuButton} with {@code commands}, the default for all private chats.
 * The descriptions are the bundles' {@code command.<name>} keys.
 *
 * <p>Once per fleet, not once per replica: what was registered is remembered in Redis as a fingerprint of every call
 * ({@code commands:{bot id}}, no TTL), so a replica starting with the same commands and languages makes no Bot API
 * call, and a changed set (a new language, a reworded description) is registered by the first replica that starts with
 * it. Replicas starting together take turns through a claim ({@code commands:{bot id}:claim}, {@code SET NX}, expiring
 * after {@link #CLAIM}); the others wait and find the fingerprint. Registering the same menu twice is harmless, so a
 * claim that expires under a slow replica costs only repeated calls.
 *
 * <p>It runs beside the worker, never in its way: a failure (Telegram or Redis down, a refusal) is logged at WARN and
 * counted ({@code worker.command_menu{outcome=failed}}), and tried again after the fleet's {@link Backoff}, until it
 * succeeds or the worker stops. Two Redis calls when unchanged; four and {@code languages + 2} Bot API calls when not.
 */
public final class CommandMenu implements AutoCloseable {

    /** The commands in the menu, in its order; each has {@code command.<name>} in every bundle. */
    public static final List<String> COMMANDS = List.of("start", "progress", "language", "help");

    static final Duration CLAIM = Duration.ofSeconds(60);
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,32}");
    private static final int MAX_DESCRIPTION = 256;
    private static final Logger log = LoggerFactory.getLogger(CommandMenu.class);

    /** One {@code setMyCommands}: the menu of users whose language is {@code languageCode} (null: everyone else). */
    record Registration(String languageCode, List<BotCommand> commands) {}

    private final TelegramGateway telegram;
    private final RedisAsyncCommands<String, String> redis;
    private final List<Registration> registrations;
    private final String fingerprint;
    private final String key;
    private final String instance;
    private final Backoff backoff;
    private final MeterRegistry metrics;
    private volatile Thread runner;

    /**
     * @param botId the bot's id (the digits of its token before ':'), which namespaces the Redis keys
     * @param instance this replica's name, held in the claim
     * @throws IllegalStateException when a description breaks Telegram's limits (1-256 characters)
     */
    public CommandMenu(
            TelegramGateway telegram,
            RedisAsyncCommands<String, String> redis,
            Messages messages,
            String botId,
            String instance,
            Backoff backoff,
            MeterRegistry metrics) {
        this.telegram = telegram;
        this.redis = redis;
        this.registrations = registrations(messages);
        this.fingerprint = fingerprint(registrations);
        this.key = "commands:" + botId;
        this.instance = instance;
        this.backoff = backoff;
        this.metrics = metrics;
    }

    /** The bot's id in its token ({@code 123456} of {@code 123456:ABC…}), public; a digest for a token without one. */
    public static String botId(String token) {
        int colon = token.indexOf(':');
        if (colon > 0 && token.substring(0, colon).chars().allMatch(Character::isDigit)) {
            return token.substring(0, colon);
        }
        return sha256(token).substring(0, 16);
    }

    /** The calls, in order: the menu without a language (the default's texts), then one per language. Pure. */
    static List<Registration> registrations(Messages messages) {
        List<Registration> registrations = new ArrayList<>();
        String defaultLanguage = messages.languages().defaultLanguage();
        registrations.add(new Registration(null, commands(messages, defaultLanguage)));
        for (String language : messages.languages().codes()) {
            registrations.add(new Registration(language, commands(messages, language)));
        }
        return List.copyOf(registrations);
    }

    private static List<BotCommand> commands(Messages messages, String language) {
        List<BotCommand> commands = new ArrayList<>();
        for (String name : COMMANDS) {
            String description = messages.text(Locale.forLanguageTag(language), "command." + name);
            if (!NAME.matcher(name).matches() || description.isBlank() || description.length() > MAX_DESCRIPTION) {
                throw new IllegalStateException("i18n/messages_" + language + ".properties: command." + name
                        + " must be 1-" + MAX_DESCRIPTION + " characters for Telegram's command menu");
            }
            commands.add(new BotCommand(name, description));
        }
        return commands;
    }

    /** What identifies the menu: every call's language, names and descriptions, and the Menu button's kind. */
    static String fingerprint(List<Registration> registrations) {
        StringBuilder canonical = new StringBuilder("menu_button=commands\n");
        for (Registration registration : registrations) {
            canonical.append(registration.languageCode() == null ? "*" : registration.languageCode());
            for (BotCommand command : registration.commands()) {
                canonical
                        .append('\u0000')
                        .append(command.getCommand())
                        .append('\u0000')
                        .append(command.getDescription());
            }
            canonical.append('\n');
        }
        return sha256(canonical.toString());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Registers the menu on a virtual thread of its own, retrying until it is registered or {@link #close}d. */
    public void start() {
        runner = Thread.ofVirtual().name("command-menu").start(this::run);
    }

    private void run() {
        for (int attempt = 1; !Thread.currentThread().isInterrupted(); attempt++) {
            Duration wait;
            try {
                if (registerOnce()) {
                    return;
                }
                // Another replica holds the claim: look again once it should have finished.
                wait = backoff.delay(attempt);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                count("failed");
                wait = backoff.delay(
                        attempt,
                        e instanceof TelegramException.Retriable retriable ? retriable.retryAfter() : Optional.empty());
                log.warn(
                        "command menu registration failed (attempt {}), trying again in {} ms: {}",
                        attempt,
                        wait.toMillis(),
                        e.toString());
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One turn: true when the menu is registered — found so, or registered now — and false when another replica holds
     * the claim.
     */
    boolean registerOnce() throws Exception {
        if (fingerprint.equals(await(redis.get(key)))) {
            count("unchanged");
            log.info(
                    "command menu already registered ({} languages, fingerprint {})",
                    registrations.size() - 1,
                    shortPrint());
            return true;
        }
        String claim = key + ":claim";
        if (!"OK".equals(await(redis.set(claim, instance, SetArgs.Builder.nx().px(CLAIM.toMillis()))))) {
            return false;
        }
        try {
            for (Registration registration : registrations) {
                SetMyCommands.SetMyCommandsBuilder<?, ?> call = SetMyCommands.builder()
                        .commands(registration.commands())
                        .scope(new BotCommandScopeDefault());
                if (registration.languageCode() != null) {
                    call.languageCode(registration.languageCode());
                }
                telegram.call(call.build());
            }
            telegram.call(SetChatMenuButton.builder()
                    .menuButton(MenuButtonCommands.builder().build())
                    .build());
            await(redis.set(key, fingerprint));
        } finally {
            if (instance.equals(await(redis.get(claim)))) {
                await(redis.del(claim));
            }
        }
        count("registered");
        log.info(
                "command menu registered: {} for languages {} and the default (fingerprint {})",
                COMMANDS,
                registrations.stream().skip(1).map(Registration::languageCode).toList(),
                shortPrint());
        return true;
    }

    private String shortPrint() {
        return fingerprint.substring(0, 12);
    }

    private static <T> T await(io.lettuce.core.RedisFuture<T> future) throws Exception {
        return future.toCompletableFuture().get(REDIS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void count(String outcome) {
        Counter.builder("worker.command_menu")
                .description("command menu registrations at start-up, by outcome")
                .tag("outcome", outcome)
                .register(metrics)
                .increment();
    }

    /** Stops trying; a registration in flight is abandoned (the next start tries again). */
    @Override
    public void close() {
        Thread thread = runner;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
