package dev.trainingbot.common.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEventCodecTest {

    private final AuditEventCodec codec = new AuditEventCodec();

    @Test
    void anEventRoundTripsWithTheContractsFieldNames() {
        AuditEvent event = AuditEvent.ofUpdate(
                77,
                "update.message",
                5L,
                6L,
                AuditOutcome.HANDLED,
                Instant.parse("2026-11-24T10:15:30.123456Z"),
                840,
                Map.of("handler", "start"));

        String json = new String(codec.encode(event), StandardCharsets.UTF_8);

        assertThat(json)
                .contains(
                        "\"event_id\":\"" + event.eventId() + "\"",
                        "\"ts\":\"2026-11-24T10:15:30.123456Z\"",
                        "\"type\":\"update.message\"",
                        "\"user_id\":5",
                        "\"chat_id\":6",
                        "\"update_id\":77",
                        "\"outcome\":\"handled\"",
                        "\"latency_us\":840",
                        "\"details\":{\"handler\":\"start\"}");
        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(event);
    }

    @Test
    void aDetailWithoutAValueIsLeftOut() {
        Map<String, Object> details = new HashMap<>();
        // A button press without data, as the Bot API allows.
        details.put("callback_data", null);
        details.put("handler", "forged_callback");

        AuditEvent event = AuditEvent.ofUpdate(
                78, "update.callback_query", 5L, 5L, AuditOutcome.REFUSED, Instant.EPOCH, 1, details);

        assertThat(event.details()).containsExactly(Map.entry("handler", "forged_callback"));
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @Test
    void nulCharactersThatPostgresqlRefusesInJsonbAreRemovedFromDetails() {
        AuditEvent event = AuditEvent.ofUpdate(
                79,
                "update.callback_query",
                5L,
                5L,
                AuditOutcome.REFUSED,
                Instant.EPOCH,
                1,
                Map.of("callback_data", "1:sec:\u0000x", "nested\u0000", Map.of("list", List.of("a\u0000b", 3))));

        String json = new String(codec.encode(event), StandardCharsets.UTF_8);

        assertThat(json)
                .doesNotContain("\\u0000")
                .contains("\"callback_data\":\"1:sec:x\"")
                .contains("[\"ab\",3]");
        assertThat(event.details()).containsKey("nested");
    }

    @Test
    void theSameUpdateAlwaysGetsTheSameEventId() {
        assertThat(AuditEvent.idFor("update.message", "77")).isEqualTo(AuditEvent.idFor("update.message", "77"));
        assertThat(AuditEvent.idFor("update.message", "77")).isNotEqualTo(AuditEvent.idFor("update.message", "78"));
        assertThat(AuditEvent.idFor("update.message", "77"))
                .isNotEqualTo(AuditEvent.idFor("update.dead_lettered", "77"));
    }

    @Test
    void whatIsNotAnAuditEventIsRefusedSayingWhy() {
        assertThatThrownBy(() -> codec.decode("nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AuditEventCodec.MalformedAuditEventException.class)
                .hasMessageStartingWith("not an audit event");
        assertThatThrownBy(() -> codec.decode("{\"ts\":\"2026-11-24T10:15:30Z\",\"type\":\"x\",\"outcome\":\"handled\"}"
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("event_id");
        assertThatThrownBy(() -> codec.decode(("{\"event_id\":\"" + AuditEvent.idFor("a", "b")
                                + "\",\"ts\":\"2026-11-24T10:15:30Z\",\"type\":\"x\",\"outcome\":\"exploded\"}")
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unknown audit outcome 'exploded'");
    }
}
