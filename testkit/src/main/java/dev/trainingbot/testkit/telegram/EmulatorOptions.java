package dev.trainingbot.testkit.telegram;

import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link BotApiEmulator} behaves.
 *
 * @param token the bot token it accepts; its digits before ':' are the bot's user id
 * @param username the bot's username ({@code getMe})
 * @param port the port to listen on; 0 picks a free one
 * @param webhookRetryInitial the wait before redelivering an update the webhook did not accept; doubles per failure
 * @param webhookRetryMax the longest wait between redeliveries
 * @param clock the source of message dates
 */
public record EmulatorOptions(
        String token, String username, int port, Duration webhookRetryInitial, Duration webhookRetryMax, Clock clock) {

    public static EmulatorOptions defaults() {
        return new EmulatorOptions(
                "123456789:AAEmulatorTokenForTestsOnly_0123456789",
                "trainingbot_test_bot",
                0,
                Duration.ofMillis(100),
                Duration.ofSeconds(2),
                Clock.systemUTC());
    }

    public EmulatorOptions withToken(String token) {
        return new EmulatorOptions(token, username, port, webhookRetryInitial, webhookRetryMax, clock);
    }

    public EmulatorOptions withUsername(String username) {
        return new EmulatorOptions(token, username, port, webhookRetryInitial, webhookRetryMax, clock);
    }

    public EmulatorOptions withPort(int port) {
        return new EmulatorOptions(token, username, port, webhookRetryInitial, webhookRetryMax, clock);
    }

    public EmulatorOptions withWebhookRetry(Duration initial, Duration max) {
        return new EmulatorOptions(token, username, port, initial, max, clock);
    }

    /** Dates messages and callbacks by {@code clock}: a test's clock that it moves, shared with the ingress. */
    public EmulatorOptions withClock(Clock clock) {
        return new EmulatorOptions(token, username, port, webhookRetryInitial, webhookRetryMax, clock);
    }

    /** The bot's user id, from the token. */
    public long botId() {
        int colon = token.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a bot token looks like <digits>:<secret>");
        }
        return Long.parseLong(token.substring(0, colon));
    }
}
