package dev.trainingbot.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainingbot.common.retry.Backoff;
import dev.trainingbot.common.telegram.BotApiException;
import dev.trainingbot.common.telegram.RawBotApi;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bot API calls the ingress makes while it starts ({@code setWebhook}, {@code getWebhookInfo},
 * {@code deleteWebhook}): each is tried up to {@value #ATTEMPTS} times while Telegram is unreachable or answers
 * 429/5xx ({@link BotApiException#retriable()}), waiting the fleet's {@link Backoff} (500 ms up to
 * {@value #MAX_BACKOFF_SECONDS} s) or Telegram's {@code retry_after} in between. A refusal is thrown at once; so is
 * the last failure when the attempts run out.
 */
public final class StartupCalls {

    private static final Logger log = LoggerFactory.getLogger(StartupCalls.class);
    private static final int ATTEMPTS = 5;
    private static final long MAX_BACKOFF_SECONDS = 8;
    private static final Backoff BACKOFF =
            Backoff.exponential(Duration.ofMillis(500), Duration.ofSeconds(MAX_BACKOFF_SECONDS));
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final RawBotApi api;

    public StartupCalls(RawBotApi api) {
        this.api = api;
    }

    /** Calls {@code method} and returns its {@code result}. */
    public JsonNode call(String method, Map<String, ?> parameters)
            throws IOException, BotApiException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            try {
                return api.call(method, parameters, TIMEOUT);
            } catch (BotApiException e) {
                if (!e.retriable() || attempt >= ATTEMPTS) {
                    throw e;
                }
                wait = BACKOFF.delay(attempt, e.retryAfter());
                log.warn(
                        "{} (attempt {}/{}), trying again in {} ms",
                        e.getMessage(),
                        attempt,
                        ATTEMPTS,
                        wait.toMillis());
            } catch (IOException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                wait = BACKOFF.delay(attempt);
                log.warn(
                        "{} failed (attempt {}/{}), trying again in {} ms: {}",
                        method,
                        attempt,
                        ATTEMPTS,
                        wait.toMillis(),
                        e.toString());
            }
            Thread.sleep(wait);
        }
    }
}
