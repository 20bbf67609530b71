package dev.trainingbot.common.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of {@code tg.audit}, and one row of {@code audit_log}.
 *
 * <p>{@code event_id} is derived from what the event is about (see {@link #idFor}), not drawn at random, so the same
 * update handled twice — redelivered by Telegram, or re-consumed after a crash — produces the same id, and the audit
 * sink's {@code ON CONFLICT (event_id) DO NOTHING} keeps one row.
 *
 * @param eventId idempotency key of the row
 * @param ts when the event happened
 * @param type what happened, dotted lower-case: {@code update.message}, {@code admin.login}, …
 * @param userId Telegram user, if any
 * @param chatId Telegram chat, if any
 * @param updateId Telegram update, if the event is about one
 * @param outcome how it ended
 * @param latencyUs how long the fleet took, microseconds
 * @param details small free-form context (the command, the handler, the reason); never secrets. Entries without a
 *     value are left out, and NUL characters — which PostgreSQL refuses in {@code jsonb}, and which a forged button
 *     can carry — are removed from keys and text, in nested maps and lists too
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
        @JsonProperty("event_id") UUID eventId,
        @JsonProperty("ts") Instant ts,
        @JsonProperty("type") String type,
        @JsonProperty("user_id") Long userId,
        @JsonProperty("chat_id") Long chatId,
        @JsonProperty("update_id") Long updateId,
        @JsonProperty("outcome") AuditOutcome outcome,
        @JsonProperty("latency_us") long latencyUs,
        @JsonProperty("details") Map<String, Object> details) {

    public AuditEvent {
        Objects.requireNonNull(eventId, "event_id");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(outcome, "outcome");
        details = details == null ? Map.of() : clean(details);
    }

    private static Map<String, Object> clean(Map<?, ?> details) {
        Map<String, Object> clean = new LinkedHashMap<>();
        details.forEach((key, value) -> {
            if (key != null && value != null) {
                clean.put(withoutNul(key.toString()), cleanValue(value));
            }
        });
        return Collections.unmodifiableMap(clean);
    }

    private static Object cleanValue(Object value) {
        return switch (value) {
            case String text -> withoutNul(text);
            case Map<?, ?> map -> clean(map);
            case Collection<?> list ->
                list.stream()
                        .filter(Objects::nonNull)
                        .map(AuditEvent::cleanValue)
                        .toList();
            default -> value;
        };
    }

    private static String withoutNul(String text) {
        return text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
    }

    /**
     * The id of the event of {@code type} about {@code subject} (an update id, an outbox message id): a name-based
     * UUID, equal for equal inputs.
     */
    public static UUID idFor(String type, String subject) {
        return UUID.nameUUIDFromBytes((type + '\u0000' + subject).getBytes(StandardCharsets.UTF_8));
    }

    /** The event about a Telegram update; its id depends only on the update id and type. */
    public static AuditEvent ofUpdate(
            long updateId,
            String type,
            Long userId,
            Long chatId,
            AuditOutcome outcome,
            Instant ts,
            long latencyUs,
            Map<String, Object> details) {
        return new AuditEvent(
                idFor(type, Long.toString(updateId)), ts, type, userId, chatId, updateId, outcome, latencyUs, details);
    }
}
