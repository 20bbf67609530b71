package dev.trainingbot.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

    @Test
    void everyProblemIsReportedAtOnceNamingVariableAndValue() {
        ConfigReader config = new ConfigReader(
                Env.of(Map.of("WORKER_MAX_IN_FLIGHT", "0", "THROTTLE_RATE", "fast", "INGRESS_MODE", "carrier-pigeon")));
        config.integer("WORKER_MAX_IN_FLIGHT", 1000, 1, 1_000_000);
        config.decimal("THROTTLE_RATE", 1.0, 0, 100);
        config.oneOf("INGRESS_MODE", "webhook", java.util.Set.of("webhook", "polling"));
        config.required("BOT_TOKEN", "the bot's token from @BotFather");

        assertThatThrownBy(config::validate)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("4 problems")
                .hasMessageContaining("Invalid value 0 for WORKER_MAX_IN_FLIGHT: must be >= 1")
                .hasMessageContaining("Invalid value fast for THROTTLE_RATE: must be a number")
                .hasMessageContaining("Invalid value carrier-pigeon for INGRESS_MODE: must be one of polling, webhook")
                .hasMessageContaining("Missing required variable BOT_TOKEN: the bot's token from @BotFather");
    }

    @Test
    void aSecretsValueNeverAppearsInAProblem() {
        ConfigReader config = new ConfigReader(Env.of(Map.of("BOT_TOKEN", "not a token at all")));
        TelegramSettings.read(config);

        assertThatThrownBy(config::validate)
                .hasMessageContaining("Invalid value [hidden] for BOT_TOKEN")
                .hasMessageNotContaining("not a token at all");
    }

    @Test
    void decimalBoundsReadAsWrittenWithoutATrailingPointZero() {
        ConfigReader config = new ConfigReader(Env.of(Map.of("RATE", "0", "BIG", "Infinity", "FINE", "0.5")));
        config.decimal("RATE", 1, 0, 100);
        config.decimal("BIG", 1, 0, 100_000);
        config.decimal("FINE", 1, 0.25, 100);

        assertThatThrownBy(config::validate)
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .containsExactly(
                                "Invalid value 0 for RATE: must be > 0",
                                "Invalid value Infinity for BIG: must be <= 100000"));
    }

    @Test
    void unsetAndBlankValuesTakeTheDefault() {
        ConfigReader config = new ConfigReader(Env.of(Map.of("DB_POOL_SIZE", "  ")));

        assertThat(config.integer("DB_POOL_SIZE", 10, 1, 100)).isEqualTo(10);
        assertThat(config.bool("FLAG", true)).isTrue();
        config.validate();
    }
}
