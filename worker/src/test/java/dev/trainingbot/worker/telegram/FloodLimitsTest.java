package dev.trainingbot.worker.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainingbot.common.config.ConfigException;
import dev.trainingbot.common.config.ConfigReader;
import dev.trainingbot.common.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FloodLimitsTest {

    @Test
    void zeroRatesAreRefusedInTheUniformForm() {
        ConfigReader config = new ConfigReader(Env.of(Map.of("TELEGRAM_GLOBAL_RATE", "0", "TELEGRAM_CHAT_RATE", "0")));
        FloodLimits.read(config);

        // flood.lua divides by both rates: zero would make every wait infinite.
        assertThatThrownBy(config::validate)
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .containsExactly(
                                "Invalid value 0 for TELEGRAM_GLOBAL_RATE: must be > 0",
                                "Invalid value 0 for TELEGRAM_CHAT_RATE: must be > 0"));
    }

    @Test
    void negativeAndNonNumericRatesAreRefused() {
        ConfigReader config =
                new ConfigReader(Env.of(Map.of("TELEGRAM_GLOBAL_RATE", "-1", "TELEGRAM_CHAT_RATE", "NaN")));
        FloodLimits.read(config);

        assertThatThrownBy(config::validate)
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .containsExactly(
                                "Invalid value -1 for TELEGRAM_GLOBAL_RATE: must be > 0",
                                "Invalid value NaN for TELEGRAM_CHAT_RATE: must be > 0"));
    }

    @Test
    void fractionalRatesAreAllowed() {
        ConfigReader config =
                new ConfigReader(Env.of(Map.of("TELEGRAM_GLOBAL_RATE", "0.5", "TELEGRAM_CHAT_RATE", "0.25")));

        FloodLimits limits = FloodLimits.read(config);

        config.validate();
        assertThat(limits.botPerSecond()).isEqualTo(0.5);
        assertThat(limits.chatPerSecond()).isEqualTo(0.25);
        assertThat(limits.botBurst()).as("a third of the rate, at least one").isEqualTo(1);
    }
}
