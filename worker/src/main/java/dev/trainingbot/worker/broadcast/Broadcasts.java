package dev.trainingbot.worker.broadcast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainingbot.common.redis.RedisScript;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.telegram.TelegramGateway;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;

/**
 * Broadcasts: an admin's message fanned out through {@code tg.outbox}, one record per private chat of a user who has
 * not blocked the bot, keyed by chat id, and delivered by every worker's {@link OutboxSender} under the shared flood
 * limits. Progress lives in Redis ({@code broadcast:{id}}): totals, what each chat's delivery came to (counted once per
 * chat), and the admin's progress message, which is edited at most every {@value #REPORT_INTERVAL_MS} ms; the last
 * delivery sends the final counts.
 *
 * <p>A broadcast is started by the update that confirmed it, and once: its id is derived from that update's id, and
 * its audience is fixed in Redis ({@code broadcast:{id}:audience}) when it first starts, so that a retried update — its
 * progress edit failed, its conversation was saved concurrently, Kafka failed half-way through the records — finds the
 * broadcast and re-sends the records of the same chats, which {@link OutboxSender} delivers once per chat.
 */
public final class Broadcasts {

    private static final Logger log = LoggerFactory.getLogger(Broadcasts.class);

    static final long REPORT_INTERVAL_MS = 2_000;
    /** The counters' field that marks a message to one learner ({@link #sendTo}), reported in its own words. */
    private static final String KIND = "kind";

    private static final String DIRECT = "direct";
    /** Chats per SADD when the audience is stored. */
    private static final int AUDIENCE_CHUNK = 1_000;

    private static final Duration TTL = Duration.ofDays(7);

    private final RedisAsyncCommands<String, String> redis;
    private final RedisScript count;
    private final DataSource users;
    private final Producer<byte[], byte[]> producer;
    private final String outbox;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final ObjectMapper json;
    private final InstantSource clock;

    public Broadcasts(
            RedisAsyncCommands<String, String> redis,
            DataSource users,
            Producer<byte[], byte[]> producer,
            String outbox,
            TelegramGateway telegram,
            Messages messages,
            ObjectMapper json,
            InstantSource clock) {
        this.redis = redis;
        this.count = RedisScript.fromClasspath("broadcast/count.lua", redis);
        this.users = users;
        this.producer = producer;
        this.outbox = outbox;
        this.telegram = telegram;
        this.messages = messages;
        this.json = json;
        this.clock = clock;
    }

    /**
     * How many chats a broadcast would reach now: the private chats of users who have not blocked the bot, each
     * once. One statement.
     */
    public int audience() throws SQLException {
        try (Connection connection = users.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(DISTINCT chat_id) FROM users WHERE blocked_at IS NULL AND chat_id IS NOT NULL");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /**
     * Starts the broadcast of {@code html} confirmed by update {@code updateId}, or, when that update started it
     * before, puts the records of the same audience on the outbox again. On first start: the audience is fixed, then
     * the counters recorded with the admin's progress message to edit; then one outbox record per chat goes to Kafka,
     * and this returns once all are acknowledged. Redis: 1 read, then 2 + audience / {@value #AUDIENCE_CHUNK} writes on
     * first start or 1 read of the audience on a retry; PostgreSQL: one query on first start.
     *
     * @return the broadcast's id and how many chats it goes to
     */
    public Started start(long updateId, String html, long adminChat, int progressMessage, Locale locale)
            throws Exception {
        return start(updateId, html, this::audienceChats, adminChat, progressMessage, locale, Map.of());
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
                Map.of(KIND, DIRECT, "recipient", recipient));
    }

    private Started start(
            long updateId,
            String html,
            Audience audience,
            long adminChat,
            int progressMessage,
            Locale locale,
            Map<String, String> labels)
            throws Exception {
        String id = idFor(updateId);
        String key = key(id);
        List<Long> chats;
        if (redis.hget(key, "total").get() != null) {
            chats = storedAudience(id);
            log.info(
                    "broadcast {} was started before by update {}: its {} outbox records are sent again",
                    id,
                    updateId,
                    chats.size());
        } else {
            chats = audience.chats();
            storeAudience(id, chats);
            Map<String, String> counters = new HashMap<>(labels);
            counters.putAll(Map.of(
                    "total", Integer.toString(chats.size()),
                    "delivered", "0",
                    "blocked", "0",
                    "failed", "0",
                    "admin_chat", Long.toString(adminChat),
                    "message", Integer.toString(progressMessage),
                    "language", locale.getLanguage(),
                    "started_ms", Long.toString(clock.millis())));
            // Written last: a broadcast with counters has its audience stored, so a retry finds both or neither.
            redis.hset(key, counters).get();
            redis.expire(key, TTL).get();
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
        return Boolean.TRUE.equals(
                redis.sismember(key(id) + ":chats", Long.toString(chat)).get());
    }

    /** Counts one chat's delivery and reports to the admin when due. One round trip, plus the report. */
    void count(String id, long chat, String outcome) throws Exception {
        List<Long> result = count.<List<Long>>call(
                        redis,
                        ScriptOutputType.MULTI,
                        new String[] {key(id), key(id) + ":chats", key(id) + ":report"},
                        Long.toString(chat),
                        outcome,
                        Long.toString(REPORT_INTERVAL_MS),
                        Long.toString(TTL.toSeconds()))
                .get();
        int report = result.get(0).intValue();
        if (report <= 0) {
            return;
        }
        BroadcastCounts counts = new BroadcastCounts(result.get(1), result.get(2), result.get(3), result.get(4));
        report(id, counts, report == 2);
    }

    private void report(String id, BroadcastCounts counts, boolean finished) throws Exception {
        Map<String, String> state = redis.hgetall(key(id)).get();
        if (state == null || !state.containsKey("admin_chat")) {
            return;
        }
        long admin = Long.parseLong(state.get("admin_chat"));
        Locale locale = Locale.forLanguageTag(state.getOrDefault("language", "en"));
        if (DIRECT.equals(state.get(KIND))) {
            if (finished) {
                String outcome = counts.delivered() > 0 ? "delivered" : counts.blocked() > 0 ? "blocked" : "failed";
                edit(admin, state, messages.text(locale, "direct." + outcome, state.getOrDefault("recipient", "")));
            }
            return;
        }
        String progress = messages.text(
                locale,
                "broadcast.progress",
                id,
                counts.processed(),
                counts.total(),
                counts.delivered(),
                counts.blocked(),
                counts.failed());
        edit(admin, state, progress);
        if (finished) {
            long seconds = Math.max(0, clock.millis() - Long.parseLong(state.getOrDefault("started_ms", "0"))) / 1000;
            telegram.send(SendMessage.builder()
                    .chatId(admin)
                    .text(messages.text(
                            locale,
                            "broadcast.finished",
                            id,
                            counts.total(),
                            counts.delivered(),
                            counts.blocked(),
                            counts.failed(),
                            seconds))
                    .parseMode("HTML")
                    .build());
        }
    }

    /** Edits the admin's progress message into {@code text}. */
    private void edit(long admin, Map<String, String> state, String text) throws TelegramException {
        try {
            telegram.edit(EditMessageText.builder()
                    .chatId(admin)
                    .messageId(Integer.parseInt(state.get("message")))
                    .text(text)
                    .parseMode("HTML")
                    .build());
        } catch (TelegramException.Permanent e) {
            // The progress message is gone (deleted by the admin); the counts still go out when final.
        }
    }

    /** Records that the user blocked the bot, so later broadcasts skip them; they are unmarked when they write again. */
    void markBlocked(long chat) throws SQLException {
        try (Connection connection = users.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE users SET blocked_at = now() WHERE chat_id = ? AND blocked_at IS NULL")) {
            update.setLong(1, chat);
            update.executeUpdate();
        }
    }

    OutboxMessage read(byte[] value) throws JsonProcessingException, java.io.IOException {
        return json.readValue(value, OutboxMessage.class);
    }

    private List<Long> audienceChats() throws SQLException {
        List<Long> chats = new ArrayList<>();
        try (Connection connection = users.getConnection();
                // Each chat once: count.lua counts a chat once, so a chat listed twice would keep the total unreached.
                PreparedStatement query = connection.prepareStatement(
                        "SELECT DISTINCT chat_id FROM users WHERE blocked_at IS NULL AND chat_id IS NOT NULL"
                                + " ORDER BY chat_id")) {
            query.setFetchSize(1_000);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    chats.add(rows.getLong(1));
                }
            }
        }
        return chats;
    }

    /**
     * Fixes the audience of broadcast {@code id}. Whatever an earlier attempt left of it is replaced: no record went
     * out before the counters were written, so nobody depends on it.
     */
    private void storeAudience(String id, List<Long> chats) throws Exception {
        String audience = key(id) + ":audience";
        redis.del(audience).get();
        List<CompletableFuture<Long>> added = new ArrayList<>();
        for (int from = 0; from < chats.size(); from += AUDIENCE_CHUNK) {
            String[] members = chats.subList(from, Math.min(chats.size(), from + AUDIENCE_CHUNK)).stream()
                    .map(String::valueOf)
                    .toArray(String[]::new);
            added.add(redis.sadd(audience, members).toCompletableFuture());
        }
        CompletableFuture.allOf(added.toArray(CompletableFuture[]::new)).get();
        redis.expire(audience, TTL).get();
    }

    private List<Long> storedAudience(String id) throws Exception {
        Set<String> members = redis.smembers(key(id) + ":audience").get();
        return members.stream().map(Long::parseLong).sorted().toList();
    }

    private static String key(String id) {
        return "broadcast:" + id;
    }
}
