package dev.trainingbot.worker.telegram;

import dev.trainingbot.common.retry.Backoff;
import io.github.resilience4j.core.functions.CheckedFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.Serializable;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Every Bot API call of the worker goes through here — the one boundary that talks to Telegram:
 *
 * <ul>
 *   <li>messages (sent or edited) wait for their turn under the Redis-shared {@link FloodControl}, as replies unless
 *       sent as bulk traffic ({@link #send(SendMessage, FloodLane)});
 *   <li>each call is retried ({@link GatewaySettings}): a 429 after exactly its {@code retry_after}, other retriable
 *       failures after the fleet's {@link Backoff} from {@code TELEGRAM_RETRY_BACKOFF_MS} up to
 *       {@value BotApiCalls#MAX_BACKOFF_SECONDS} s;
 *   <li>a circuit breaker stops calling a Telegram that keeps failing; while it is open the consumer pauses
 *       ({@link #accepting()}) and calls fail at once as retriable, so updates stay in Kafka instead of burning
 *       retries;
 *   <li>failures are sorted into {@link TelegramException}'s kinds, in {@link BotApiFailures#sort} and nowhere else —
 *       429, 5xx, 401 (a revoked token: every update would fail alike), I/O and an unavailable flood-control Redis are
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
    /** Telegram's description of a callback query that can no longer be answered. */
    private static final String QUERY_GONE = "query is too old and response timeout expired or query ID is invalid";

    private final TelegramClient client;
    private final BotApiCalls calls;
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
        this.calls = new BotApiCalls(flood, settings, metrics);
    }

    /** False while the circuit is open: Telegram keeps failing, and consuming more updates would only pile them up. */
    public boolean accepting() {
        return calls.accepting();
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
        return execute(message.getMethod(), FloodTurn.of(message.getChatId(), lane), () -> client.execute(message));
    }

    /** Edits a message's text; editing to the same content is not an error. */
    public void edit(EditMessageText edit) throws TelegramException {
        try {
            execute(edit.getMethod(), FloodTurn.reply(edit.getChatId()), () -> client.execute(edit));
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

    /**
     * Answers a pressed button and edits its message at the same time, each call on its own connection: the new screen
     * arrives one Bot API round trip sooner than after the answer, and the button's spinner stops no later. Both are
     * awaited, and the wait counts as this thread's time in Telegram. The edit's failure is thrown, with the answer's
     * added to it; the answer's alone fails the call as {@link #answer} would (the update's next attempt makes the same
     * edit, which is no error). An interrupted caller gives the answer up too.
     *
     * @return false when Telegram no longer took an answer for the query
     */
    public boolean answerAndEdit(AnswerCallbackQuery answer, EditMessageText edit) throws TelegramException {
        FutureTask<Boolean> answering = new FutureTask<>(() -> answer(answer));
        Thread.ofVirtual().name("callback-answer").start(answering);
        try {
            edit(edit);
        } catch (TelegramException | RuntimeException e) {
            try {
                awaitAnswer(answering, answer.getMethod());
            } catch (TelegramException | RuntimeException answerFailure) {
                e.addSuppressed(answerFailure);
            }
            throw e;
        }
        return awaitAnswer(answering, answer.getMethod());
    }

    private boolean awaitAnswer(FutureTask<Boolean> answering, String method) throws TelegramException {
        long started = System.nanoTime();
        try {
            return answering.get();
        } catch (InterruptedException e) {
            answering.cancel(true);
            Thread.currentThread().interrupt();
            throw new TelegramException.Retriable(method, "interrupted", Optional.empty(), e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case TelegramException failure -> throw failure;
                case RuntimeException failure -> throw failure;
                case Error failure -> throw failure;
                default -> throw new IllegalStateException(e.getCause());
            }
        } finally {
            callNanos.get()[0] += System.nanoTime() - started;
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
        return execute(first.getMethod(), FloodTurn.reply(first.getChatId()), new CheckedSupplier<>() {
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
            return calls.execute(method, turn, call);
        } finally {
            callNanos.get()[0] += System.nanoTime() - started;
        }
    }
}
