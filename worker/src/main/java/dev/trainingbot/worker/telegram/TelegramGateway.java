package dev.trainingbot.worker.telegram;

import dev.trainingbot.common.retry.Backoff;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.CheckedFunction;
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
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendAnimation;
import org.telegram.telegrambots.meta.api.methods.send.SendAudio;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMediaBotMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.send.SendVideo;
import org.telegram.telegrambots.meta.api.methods.send.SendVoice;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Every Bot API call of the worker goes through here — the one boundary that talks to Telegram:
 *
 * <ul>
 *   <li>messages (sent or edited) wait for their turn under the Redis-shared {@link FloodControl}, as replies unless
 *       sent as bulk traffic ({@link #send(SendMessage, FloodLane)});
 *   <li>each call is retried ({@link GatewaySettings}): a 429 after exactly its {@code retry_after}, other retriable
 *       failures after the fleet's {@link Backoff} from {@code TELEGRAM_RETRY_BACKOFF_MS} up to
 *       {@value #MAX_BACKOFF_SECONDS} s;
 *   <li>a circuit breaker stops calling a Telegram that keeps failing; while it is open the consumer pauses
 *       ({@link #accepting()}) and calls fail at once as retriable, so updates stay in Kafka instead of burning
 *       retries;
 *   <li>failures are sorted into {@link TelegramException}'s kinds, here in {@link #sort} and nowhere else — 429,
 *       5xx, 401 (a revoked token: every update would fail alike), I/O and an unavailable flood-control Redis are
 *       retriable; 400, and a request the client refuses to send (its own validation: an empty text) or
 *       cannot build, are permanent, so that an update that makes one is dead-lettered instead of retried forever;
 *       403 is blocked-by-user; a button answer Telegram no longer takes is no failure at all ({@link #answer}) —
 *       and calls are counted ({@code telegram.calls} by method and outcome, with
 *       {@code outcome="rate_limited"} for 429s);
 *   <li>an interrupted calling thread (its record given up) is not retried: the call fails at once as retriable,
 *       with the interrupt kept.
 * </ul>
 *
 * Calls block the calling virtual thread.
 */
public final class TelegramGateway {

    private static final String NOT_MODIFIED = "message is not modified";
    private static final long MAX_BACKOFF_SECONDS = 10;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(MAX_BACKOFF_SECONDS);
    /** Telegram's description of a callback query that can no longer be answered. */
    private static final String QUERY_GONE = "query is too old and response timeout expired or query ID is invalid";

    private final TelegramClient client;
    private final FloodControl flood;
    private final MeterRegistry metrics;
    private final Retry retry;
    private final CircuitBreaker breaker;
    // Per handling thread: nanoseconds spent in calls, so the pipeline can tell its own time from Telegram's.
    private final ThreadLocal<long[]> callNanos = ThreadLocal.withInitial(() -> new long[1]);

    /** Reads a file of the Bot API's file endpoint, by the {@code file_path} {@code getFile} answered. */
    @FunctionalInterface
    public interface FileFetch {
        byte[] fetch(String filePath, long maxBytes) throws java.io.IOException;
    }

    private final FileFetch files;

    public TelegramGateway(TelegramClient client, FloodControl flood, GatewaySettings settings, MeterRegistry metrics) {
        this(
                client,
                (path, max) -> {
                    throw new java.io.IOException("no file endpoint configured");
                },
                flood,
                settings,
                metrics);
    }

    public TelegramGateway(
            TelegramClient client,
            FileFetch files,
            FloodControl flood,
            GatewaySettings settings,
            MeterRegistry metrics) {
        this.client = client;
        this.files = files;
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

    /** False while the circuit is open: Telegram keeps failing, and consuming more updates would only pile them up. */
    public boolean accepting() {
        return breaker.getState() != CircuitBreaker.State.OPEN
                && breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
    }

    /**
     * Nanoseconds the calling thread has spent in this gateway so far: waiting for its flood-limit turn, the HTTP
     * calls and their retries. The difference across a piece of work is the part of it that was Telegram's.
     */
    public long callNanosOfThisThread() {
        return callNanos.get()[0];
    }

    /** Sends a reply ({@link FloodLane#REPLY}). */
    public Message send(SendMessage message) throws TelegramException {
        return send(message, FloodLane.REPLY);
    }

    /** Sends a message in {@code lane}: bulk traffic (a broadcast's) lets replies go first. */
    public Message send(SendMessage message, FloodLane lane) throws TelegramException {
        return execute(
                message.getMethod(), new FloodTurn(chat(message.getChatId()), lane), () -> client.execute(message));
    }

    /** Edits a message's text; editing to the same content is not an error. */
    public void edit(EditMessageText edit) throws TelegramException {
        try {
            execute(edit.getMethod(), reply(edit.getChatId()), () -> client.execute(edit));
        } catch (TelegramException.Permanent e) {
            if (!e.getMessage().contains(NOT_MODIFIED)) {
                throw e;
            }
        }
    }

    /**
     * Answers a pressed button. A query Telegram no longer takes an answer for — answered already by an earlier
     * attempt (this call's own retry after a lost answer, or the update's, being handled again), or too old, as in a
     * backlog after an outage — is not an error: the button's spinner has stopped either way, and failing would make
     * every retry fail the same way.
     *
     * @return false when Telegram no longer took an answer for the query
     */
    public boolean answer(AnswerCallbackQuery answer) throws TelegramException {
        try {
            call(answer);
            return true;
        } catch (TelegramException.Permanent e) {
            if (!e.getMessage().contains(QUERY_GONE)) {
                throw e;
            }
            return false;
        }
    }

    public void delete(DeleteMessage delete) throws TelegramException {
        call(delete);
    }

    /** Sends a document; {@code document} is asked for anew on each attempt, since a file's stream reads once. */
    public Message sendDocument(Supplier<SendDocument> document) throws TelegramException {
        return upload(document, client::execute);
    }

    /** Sends a photo, asked for anew on each attempt like {@link #sendDocument}. */
    public Message sendPhoto(Supplier<SendPhoto> photo) throws TelegramException {
        return upload(photo, client::execute);
    }

    /** Sends a video, asked for anew on each attempt like {@link #sendDocument}. */
    public Message sendVideo(Supplier<SendVideo> video) throws TelegramException {
        return upload(video, client::execute);
    }

    /** Sends an animation (a GIF or a silent video), asked for anew on each attempt like {@link #sendDocument}. */
    public Message sendAnimation(Supplier<SendAnimation> animation) throws TelegramException {
        return upload(animation, client::execute);
    }

    /** Sends audio shown as music, asked for anew on each attempt like {@link #sendDocument}. */
    public Message sendAudio(Supplier<SendAudio> audio) throws TelegramException {
        return upload(audio, client::execute);
    }

    /** Sends a voice note, asked for anew on each attempt like {@link #sendDocument}. */
    public Message sendVoice(Supplier<SendVoice> voice) throws TelegramException {
        return upload(voice, client::execute);
    }

    /** A flood-limited media send whose request is built again for every attempt but the first. */
    private <M extends SendMediaBotMethod<Message>> Message upload(
            Supplier<M> request, CheckedFunction<M, Message> send) throws TelegramException {
        M first = request.get();
        return execute(first.getMethod(), reply(first.getChatId()), new CheckedSupplier<>() {
            private M next = first;

            @Override
            public Message get() throws Throwable {
                M attempt = next == null ? request.get() : next;
                next = null;
                return send.apply(attempt);
            }
        });
    }

    /**
     * The content of a file a user sent ({@code getFile}, then its download), refused above {@code maxBytes} before it
     * is downloaded.
     */
    public byte[] download(String fileId, long maxBytes) throws TelegramException {
        org.telegram.telegrambots.meta.api.objects.File file =
                call(org.telegram.telegrambots.meta.api.methods.GetFile.builder()
                        .fileId(fileId)
                        .build());
        if (file.getFileSize() != null && file.getFileSize() > maxBytes) {
            throw new IllegalArgumentException("file larger than " + maxBytes + " bytes");
        }
        return execute("downloadFile", null, () -> {
            try {
                return files.fetch(file.getFilePath(), maxBytes);
            } catch (java.io.IOException e) {
                throw new TelegramApiException("download failed: " + e.getMessage(), e);
            }
        });
    }

    /** Any other method, not flood-limited. */
    public <T extends Serializable> T call(BotApiMethod<T> method) throws TelegramException {
        return execute(method.getMethod(), null, () -> client.execute(method));
    }

    private <T> T execute(String method, FloodTurn turn, CheckedSupplier<T> call) throws TelegramException {
        long started = System.nanoTime();
        try {
            return executeWithRetries(method, turn, call);
        } finally {
            callNanos.get()[0] += System.nanoTime() - started;
        }
    }

    private <T> T executeWithRetries(String method, FloodTurn turn, CheckedSupplier<T> call) throws TelegramException {
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
            TelegramException failure = sort(method, e);
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

    static TelegramException sort(String method, TelegramApiException e) {
        if (e instanceof TelegramApiRequestException request
                && request.getErrorCode() != null
                && request.getErrorCode() > 0) {
            int code = request.getErrorCode();
            String description = code + " " + request.getApiResponse();
            if (code == 429) {
                Integer seconds = request.getParameters() == null
                        ? null
                        : request.getParameters().getRetryAfter();
                return new TelegramException.Retriable(
                        method, description, Optional.of(Duration.ofSeconds(seconds == null ? 1 : seconds)), e);
            }
            // 401: the token was revoked or replaced. Every call fails alike until an operator fixes BOT_TOKEN, none
            // by the update's fault: retried (the circuit opens and consumption pauses), never dead-lettered.
            if (code >= 500 || code == 401) {
                return new TelegramException.Retriable(method, description, Optional.empty(), e);
            }
            if (code == 403) {
                return new TelegramException.BlockedByUser(method, description, e);
            }
            return new TelegramException.Permanent(method, code, description, e);
        }
        TelegramApiValidationException invalid = find(e, TelegramApiValidationException.class);
        if (invalid != null) {
            // The client checked the request before sending it (an empty text, say): it would refuse it every time.
            return new TelegramException.Permanent(method, 0, "invalid request: " + invalid.getMessage(), e);
        }
        if (find(e, InterruptedException.class) != null) {
            // The client's wait for the answer swallowed the interrupt; the caller must still see it.
            Thread.currentThread().interrupt();
            return new TelegramException.Retriable(method, "interrupted", Optional.empty(), e);
        }
        // No Bot API answer: the connection failed, timed out, or something else answered (a proxy's 502 page).
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String reason = cause instanceof IOException ? cause.toString() : e.getMessage();
        return new TelegramException.Retriable(method, reason, Optional.empty(), e);
    }

    private static <E extends Throwable> E find(Throwable failure, Class<E> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** A flood-limited message: its chat and lane. */
    private record FloodTurn(long chat, FloodLane lane) {}

    private static FloodTurn reply(String chatId) {
        return new FloodTurn(chat(chatId), FloodLane.REPLY);
    }

    private static long chat(String chatId) {
        try {
            return Long.parseLong(chatId);
        } catch (NumberFormatException | NullPointerException e) {
            return 0L;
        }
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
