package dev.trainingbot.worker.telegram;

import dev.trainingbot.common.retry.Backoff;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * How the gateway makes one Bot API call: each attempt of a message first waits for its turn under the shared
 * {@link FloodControl}, then goes through the circuit breaker; failed attempts are retried per {@link GatewaySettings}
 * — a 429 after exactly its {@code retry_after}, other retriable failures after the fleet's {@link Backoff} up to
 * {@value #MAX_BACKOFF_SECONDS} s. Whatever fails comes out as one of {@link TelegramException}'s kinds (Telegram's
 * answers sorted by {@link BotApiFailures}); every attempt is counted ({@code telegram.calls} by method and outcome)
 * and timed ({@code telegram.call}).
 */
final class BotApiCalls {

    static final long MAX_BACKOFF_SECONDS = 10;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(MAX_BACKOFF_SECONDS);

    private final FloodControl flood;
    private final MeterRegistry metrics;
    private final Retry retry;
    private final CircuitBreaker breaker;

    BotApiCalls(FloodControl flood, GatewaySettings settings, MeterRegistry metrics) {
        this.flood = flood;
        this.metrics = metrics;
        Backoff backoff = Backoff.exponential(settings.backoff(), MAX_BACKOFF);
        RetryRegistry retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(settings.attempts())
                // An interrupted thread is being told to give its record up, not to call again.
                .retryOnException(e -> e instanceof TelegramException.Retriable
                        && !Thread.currentThread().isInterrupted())
                .intervalBiFunction((attempt, outcome) -> backoff.delay(
                                attempt,
                                outcome.isLeft() && outcome.getLeft() instanceof TelegramException.Retriable retriable
                                        ? retriable.retryAfter()
                                        : Optional.empty())
                        .toMillis())
                .build());
        this.retry = retries.retry("telegram");
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(50)
                .minimumNumberOfCalls(20)
                .failureRateThreshold(settings.failureRate())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(5)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // A 429 means "slower", not "Telegram is down"; a refused request is the request's fault; an
                // interrupted call is the worker giving a record up.
                .recordException(e -> e instanceof TelegramException.Retriable retriable
                        && retriable.retryAfter().isEmpty()
                        && !Thread.currentThread().isInterrupted())
                .build());
        this.breaker = breakers.circuitBreaker("telegram");
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(metrics);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(metrics);
    }

    /** False while the circuit is open. */
    boolean accepting() {
        return breaker.getState() != CircuitBreaker.State.OPEN
                && breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
    }

    /**
     * Makes {@code call}, Bot API method {@code method}, with its retries; {@code turn} is the message's flood-limited
     * turn, or null for a call that is not flood-limited.
     */
    <T> T execute(String method, FloodTurn turn, CheckedSupplier<T> call) throws TelegramException {
        String name = method.toLowerCase(Locale.ROOT);
        CheckedSupplier<T> attempt = () -> {
            if (turn != null) {
                Optional<Duration> tooLong = flood.acquire(turn.chat(), turn.lane());
                if (tooLong.isPresent()) {
                    throw new TelegramException.Retriable(
                            method,
                            "flood limits would hold the message "
                                    + tooLong.get().toMillis() + " ms",
                            Optional.empty(),
                            null);
                }
            }
            return breaker.executeCheckedSupplier(() -> once(name, method, call));
        };
        try {
            return Retry.decorateCheckedSupplier(retry, attempt).get();
        } catch (TelegramException e) {
            throw e;
        } catch (CallNotPermittedException e) {
            count(name, "circuit_open");
            throw new TelegramException.Retriable(method, "circuit open: Telegram keeps failing", Optional.empty(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TelegramException.Retriable(method, "interrupted", Optional.empty(), e);
        } catch (ExecutionException | RedisException e) {
            // The flood limits' Redis failed, not Telegram: the call may go once Redis answers again.
            throw new TelegramException.Retriable(method, "flood control unavailable: " + e, Optional.empty(), e);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            // Neither Telegram's answer nor an outage: the client could not build or send this request (a bug, or
            // input it cannot encode), and it would fail the same way on every attempt.
            throw new TelegramException.Permanent(method, 0, "request not sent: " + e, e);
        }
    }

    private <T> T once(String name, String method, CheckedSupplier<T> call) throws Throwable {
        long started = System.nanoTime();
        try {
            T result = call.get();
            record(name, "ok", started);
            return result;
        } catch (TelegramApiException e) {
            TelegramException failure = BotApiFailures.sort(method, e);
            record(name, outcome(failure), started);
            throw failure;
        }
    }

    private static String outcome(TelegramException failure) {
        return switch (failure) {
            case TelegramException.Retriable r -> r.retryAfter().isPresent() ? "rate_limited" : "retriable";
            case TelegramException.Permanent p -> "rejected";
            case TelegramException.BlockedByUser b -> "blocked";
        };
    }

    private void record(String method, String outcome, long started) {
        count(method, outcome);
        Timer.builder("telegram.call")
                .description("Bot API call latency by method")
                .tag("method", method)
                .publishPercentileHistogram()
                .register(metrics)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private void count(String method, String outcome) {
        Counter.builder("telegram.calls")
                .description("Bot API calls by method and outcome; outcome=rate_limited are Telegram's 429s")
                .tag("method", method)
                .tag("outcome", outcome)
                .register(metrics)
                .increment();
    }
}
