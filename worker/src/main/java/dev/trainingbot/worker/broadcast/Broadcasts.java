package dev.trainingbot.worker.broadcast;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.telegram.TelegramGateway;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcasts: an admin's message fanned out through {@code tg.outbox}, one record per private chat of a user who has
 * not blocked the bot, keyed by chat id, and delivered by every worker's {@link OutboxSender} under the shared flood
 * limits. Progress lives in Redis ({@code broadcast:{id}}, kept by {@link BroadcastProgress}): totals, what each chat's
 * delivery came to (counted once per chat), and the admin's progress message, which is edited at most every
 * {@value BroadcastProgress#REPORT_INTERVAL_MS} ms; the last delivery sends the final counts.
 *
 * <p>A broadcast is started by the update that confirmed it, and once: its id is derived from that update's id, and
 * its audience is fixed in Redis ({@code broadcast:{id}:audience}, by {@link BroadcastAudience}) when it first starts,
 * so that a retried update — its progress edit failed, its conversation was saved concurrently, Kafka failed half-way
 * through the records — finds the broadcast and re-sends the records of the same chats, which {@link OutboxSender}
 * delivers once per chat.
 */
public final class Broadcasts {

    private static final Logger log = LoggerFactory.getLogger(Broadcasts.class);

    static final Duration TTL = Duration.ofDays(7);

    private final BroadcastAudience audience;
    private final BroadcastProgress progress;
    private final Producer<byte[], byte[]> producer;
    private final String outbox;
    private final ObjectMapper json;

    public Broadcasts(
            RedisAsyncCommands<String, String> redis,
            DataSource users,
            Producer<byte[], byte[]> producer,
            String outbox,
            TelegramGateway telegram,
            Messages messages,
            ObjectMapper json,
            InstantSource clock) {
        this.audience = new BroadcastAudience(users, redis);
        this.progress = new BroadcastProgress(redis, telegram, messages, clock);
        this.producer = producer;
        this.outbox = outbox;
        this.json = json;
    }

    /**
     * How many chats a broadcast would reach now: the private chats of users who have not blocked the bot, each
     * once. One statement.
     */
    public int audience() throws SQLException {
        return audience.size();
    }

    /**
     * Starts the broadcast of {@code html} confirmed by update {@code updateId}, or, when that update started it
     * before, puts the records of the same audience on the outbox again. On first start: the audience is fixed, then
     * the counters recorded with the admin's progress message to edit; then one outbox record per chat goes to Kafka,
     * and this returns once all are acknowledged. Redis: 1 read, then 2 + audience /
     * {@value BroadcastAudience#AUDIENCE_CHUNK} writes on first start or 1 read of the audience on a retry; PostgreSQL:
     * one query on first start.
     *
     * @return the broadcast's id and how many chats it goes to
     */
    public Started start(long updateId, String html, long adminChat, int progressMessage, Locale locale)
            throws Exception {
        return start(updateId, html, audience::chats, adminChat, progressMessage, locale, Map.of());
    }

    /**
     * Sends {@code html} to one chat the way a broadcast goes — through the outbox, under the shared flood limits,
     * delivered once however often update {@code updateId} is retried — for an admin writing to one learner. When it
     * is done the admin's {@code progressMessage} is edited into what it came to (delivered, blocked, refused), naming
     * the learner as {@code recipient} (HTML); no summary message follows. Redis and Kafka as {@link #start}, without
     * the database.
     */
    public Started sendTo(
            long updateId, String html, long chat, String recipient, long adminChat, int progressMessage, Locale locale)
            throws Exception {
        return start(
                updateId,
                html,
                () -> List.of(chat),
                adminChat,
                progressMessage,
                locale,
                Map.of(BroadcastProgress.KIND, BroadcastProgress.DIRECT, "recipient", recipient));
    }

    private Started start(
            long updateId,
            String html,
            Audience recipients,
            long adminChat,
            int progressMessage,
            Locale locale,
            Map<String, String> labels)
            throws Exception {
        String id = idFor(updateId);
        List<Long> chats;
        if (progress.startedBefore(id)) {
            chats = audience.stored(id);
            log.info(
                    "broadcast {} was started before by update {}: its {} outbox records are sent again",
                    id,
                    updateId,
                    chats.size());
        } else {
            chats = recipients.chats();
            audience.store(id, chats);
            // Written last: a broadcast with counters has its audience stored, so a retry finds both or neither.
            progress.begin(id, chats.size(), labels, adminChat, progressMessage, locale);
        }
        List<CompletableFuture<Void>> sent = new ArrayList<>(chats.size());
        for (long chat : chats) {
            byte[] value = json.writeValueAsBytes(new OutboxMessage(id, chat, html, "HTML"));
            CompletableFuture<Void> acked = new CompletableFuture<>();
            producer.send(
                    new ProducerRecord<>(outbox, Long.toString(chat).getBytes(StandardCharsets.US_ASCII), value),
                    (metadata, error) -> {
                        if (error == null) {
                            acked.complete(null);
                        } else {
                            acked.completeExceptionally(error);
                        }
                    });
            sent.add(acked);
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
        return new Started(id, chats.size());
    }

    /** The id of the broadcast confirmed by update {@code updateId}: the same for every retry of that update. */
    static String idFor(long updateId) {
        return String.format("%08x", updateId);
    }

    /** The chats a broadcast goes to, read when it first starts. */
    @FunctionalInterface
    private interface Audience {
        List<Long> chats() throws SQLException;
    }

    /** A broadcast that was put on the outbox. */
    public record Started(String id, int total) {}

    /** Whether {@code chat}'s delivery of broadcast {@code id} was already counted (a redelivered record). */
    boolean counted(String id, long chat) throws Exception {
        return progress.counted(id, chat);
    }

    /** Counts one chat's delivery and reports to the admin when due. One round trip, plus the report. */
    void count(String id, long chat, String outcome) throws Exception {
        progress.count(id, chat, outcome);
    }

    /** Records that the user blocked the bot, so later broadcasts skip them; they are unmarked when they write again. */
    void markBlocked(long chat) throws SQLException {
        audience.markBlocked(chat);
    }

    OutboxMessage read(byte[] value) throws IOException {
        return json.readValue(value, OutboxMessage.class);
    }

    static String key(String id) {
        return "broadcast:" + id;
    }
}
