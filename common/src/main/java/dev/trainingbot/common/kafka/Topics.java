package dev.trainingbot.common.kafka;

import java.util.List;

/**
 * The fleet's topics, as DESIGN.md's contract table names them, each behind an optional prefix.
 *
 * @param updates raw Telegram updates, key = chat id; its partition count bounds the worker replicas
 * @param deadLetters updates that failed {@code WORKER_MAX_ATTEMPTS} times, with the error in headers
 * @param audit {@code AuditEvent} JSON, key = chat id, retained long enough to replay
 * @param outbox send commands (broadcasts), key = chat id
 */
public record Topics(String updates, String deadLetters, String audit, String outbox) {

    public static final String UPDATES = "tg.updates";
    public static final String DEAD_LETTERS = "tg.updates.dlq";
    public static final String AUDIT = "tg.audit";
    public static final String OUTBOX = "tg.outbox";

    public static Topics withPrefix(String prefix) {
        return new Topics(prefix + UPDATES, prefix + DEAD_LETTERS, prefix + AUDIT, prefix + OUTBOX);
    }

    public List<String> all() {
        return List.of(updates, deadLetters, audit, outbox);
    }
}
