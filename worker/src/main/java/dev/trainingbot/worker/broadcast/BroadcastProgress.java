package dev.trainingbot.worker.broadcast;

import dev.trainingbot.common.redis.RedisScript;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.telegram.TelegramGateway;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;

/**
 * A broadcast's progress in Redis ({@code broadcast:{id}}): its totals, what each chat's delivery came to (counted once
 * per chat by {@code broadcast/count.lua}), and the admin's progress message, edited at most every
 * {@value #REPORT_INTERVAL_MS} ms; the last delivery sends the final counts. A message to one learner
 * ({@link Broadcasts#sendTo}) is reported in its own words, once, when it is done.
 */
final class BroadcastProgress {

    static final long REPORT_INTERVAL_MS = 2_000;
    /**
     * The counters' field that marks a message to one learner ({@link Broadcasts#sendTo}), reported in its own words.
     */
    static final String KIND = "kind";

    static final String DIRECT = "direct";

    private final RedisAsyncCommands<String, String> redis;
    private final RedisScript count;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final InstantSource clock;

    BroadcastProgress(
            RedisAsyncCommands<String, String> redis,
            TelegramGateway telegram,
            Messages messages,
            InstantSource clock) {
        this.redis = redis;
        this.count = RedisScript.fromClasspath("broadcast/count.lua", redis);
        this.telegram = telegram;
        this.messages = messages;
        this.clock = clock;
    }

    /** Whether broadcast {@code id} has its counters: it was started before. One read. */
    boolean startedBefore(String id) throws Exception {
        return redis.hget(Broadcasts.key(id), "total").get() != null;
    }

    /**
     * Records the counters of broadcast {@code id}, going to {@code total} chats, with the admin's progress message to
     * edit and {@code labels} (what kind of broadcast it is). Two writes.
     */
    void begin(String id, int total, Map<String, String> labels, long adminChat, int progressMessage, Locale locale)
            throws Exception {
        String key = Broadcasts.key(id);
        Map<String, String> counters = new HashMap<>(labels);
        counters.putAll(Map.of(
                "total", Integer.toString(total),
                "delivered", "0",
                "blocked", "0",
                "failed", "0",
                "admin_chat", Long.toString(adminChat),
                "message", Integer.toString(progressMessage),
                "language", locale.getLanguage(),
                "started_ms", Long.toString(clock.millis())));
        redis.hset(key, counters).get();
        redis.expire(key, Broadcasts.TTL).get();
    }

    /** Whether {@code chat}'s delivery of broadcast {@code id} was already counted (a redelivered record). */
    boolean counted(String id, long chat) throws Exception {
        return Boolean.TRUE.equals(redis.sismember(Broadcasts.key(id) + ":chats", Long.toString(chat))
                .get());
    }

    /** Counts one chat's delivery and reports to the admin when due. One round trip, plus the report. */
    void count(String id, long chat, String outcome) throws Exception {
        String key = Broadcasts.key(id);
        List<Long> result = count.<List<Long>>call(
                        redis,
                        ScriptOutputType.MULTI,
                        new String[] {key, key + ":chats", key + ":report"},
                        Long.toString(chat),
                        outcome,
                        Long.toString(REPORT_INTERVAL_MS),
                        Long.toString(Broadcasts.TTL.toSeconds()))
                .get();
        int report = result.get(0).intValue();
        if (report <= 0) {
            return;
        }
        BroadcastCounts counts = new BroadcastCounts(result.get(1), result.get(2), result.get(3), result.get(4));
        report(id, counts, report == 2);
    }

    private void report(String id, BroadcastCounts counts, boolean finished) throws Exception {
        Map<String, String> state = redis.hgetall(Broadcasts.key(id)).get();
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
}
