package dev.trainingbot.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainingbot.common.config.ConfigException;
import dev.trainingbot.common.config.ConfigReader;
import dev.trainingbot.common.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminSettingsTest {

    @Test
    void withoutAdminIdsAnyoneWhoKnowsThePasswordMayLogIn() {
        AdminSettings settings = read(Map.of());

        assertThat(settings.allowedUsers()).isEmpty();
        assertThat(settings.allows(42)).isTrue();
    }

    @Test
    void adminIdsAllowOnlyTheListedUsers() {
        AdminSettings settings = read(Map.of("ADMIN_IDS", "42, 1000001 ,7"));

        assertThat(settings.allowedUsers()).containsExactlyInAnyOrder(42L, 1_000_001L, 7L);
        assertThat(settings.allows(42)).isTrue();
        assertThat(settings.allows(1_000_001)).isTrue();
        assertThat(settings.allows(43)).isFalse();
    }

    @Test
    void adminIdsThatAreNotUserIdsAreAConfigError() {
        ConfigReader config = new ConfigReader(Env.of(Map.of("ADMIN_IDS", "42,@root")));
        AdminSettings.read(config);

        assertThatThrownBy(config::validate)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "Invalid value 42,@root for ADMIN_IDS: must be Telegram user ids separated by commas");
    }

    @Test
    void theQueueOfPasswordChecksIsBoundedByTheConcurrency() {
        assertThat(read(Map.of("ADMIN_BCRYPT_CONCURRENCY", "3")).bcryptQueue()).isEqualTo(12);
    }

    private static AdminSettings read(Map<String, String> variables) {
        ConfigReader config = new ConfigReader(Env.of(variables));
        AdminSettings settings = AdminSettings.read(config);
        config.validate();
        return settings;
    }
}
