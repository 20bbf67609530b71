package dev.trainingbot.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainingbot.common.config.ConfigException;
import dev.trainingbot.common.config.Env;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the ingress receives updates when the operator names only some of the variables. */
class IngressConfigTest {

    private static IngressConfig configure(Map<String, String> variables) {
        Map<String, String> env = new HashMap<>(variables);
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("BOT_TOKEN", "123456:AAtest");
        return IngressConfig.from(Env.of(env));
    }

    @Test
    void withoutAWebhookUrlTheIngressPollsAndNeedsNoWebhookSecret() {
        IngressConfig config = configure(Map.of());

        assertThat(config.mode()).isEqualTo(IngressConfig.POLLING);
        assertThat(config.webhookSecret()).isEmpty();
    }

    @Test
    void aWebhookUrlMeansWebhookModeWhichNeedsTheSecret() {
        assertThatThrownBy(() -> configure(Map.of("WEBHOOK_URL", "https://bot.example.com/telegram/webhook")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing required variable WEBHOOK_SECRET");

        IngressConfig config = configure(
                Map.of("WEBHOOK_URL", "https://bot.example.com/telegram/webhook", "WEBHOOK_SECRET", "s3cret_-"));

        assertThat(config.mode()).isEqualTo(IngressConfig.WEBHOOK);
        assertThat(config.webhookPath()).isEqualTo("/telegram/webhook");
        assertThat(config.unregisteredWebhook()).isFalse();
    }

    @Test
    void webhookModeWithoutAUrlIsAllowedButKnownToRegisterNothing() {
        IngressConfig config = configure(Map.of("INGRESS_MODE", "webhook", "WEBHOOK_SECRET", "s3cret"));

        assertThat(config.webhookPath()).isEqualTo("/webhook");
        assertThat(config.unregisteredWebhook()).isTrue();
    }

    @Test
    void pollingCanBeChosenWhileAWebhookUrlIsSet() {
        IngressConfig config =
                configure(Map.of("INGRESS_MODE", "polling", "WEBHOOK_URL", "https://bot.example.com/telegram/webhook"));

        assertThat(config.mode()).isEqualTo(IngressConfig.POLLING);
        assertThat(config.unregisteredWebhook()).isFalse();
    }
}
