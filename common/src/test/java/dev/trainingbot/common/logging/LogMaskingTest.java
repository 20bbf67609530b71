package dev.trainingbot.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainingbot.common.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogMaskingTest {

    @Test
    void secretsTokensAndUrlPasswordsAreMasked() {
        Secret.of("webhook-secret-value");

        String masked =
                LogMasking.mask("POST https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/x"
                        + " secret=webhook-secret-value db=postgresql://bot:hunter2@db:5432/app");

        assertThat(masked)
                .doesNotContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "webhook-secret-value", "hunter2")
                .contains("postgresql://bot:****@db:5432/app");
    }

    @Test
    void aLogLineIsOneJsonObjectWithTheUpdateContextAndMaskedError() throws Exception {
        Secret.of("token-in-an-exception");
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setFormat("json");
        LoggingEvent event = new LoggingEvent(
                "fqcn",
                new LoggerContext().getLogger("dev.trainingbot.worker.Test"),
                Level.WARN,
                "update {} failed",
                new IllegalStateException("cause carries token-in-an-exception"),
                new Object[] {42});
        event.setMDCPropertyMap(Map.of("update_id", "42", "chat_id", "7"));

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("token-in-an-exception");
        assertThat(line.strip().lines()).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("msg").asText()).isEqualTo("update 42 failed");
        assertThat(json.path("update_id").asText()).isEqualTo("42");
        assertThat(json.path("chat_id").asText()).isEqualTo("7");
        assertThat(json.path("error").asText())
                .contains("IllegalStateException")
                .contains("****");
        assertThat(json.has("ts")).isTrue();
    }
}
