package dev.trainingbot.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void theSeedsUrlFormIsTurnedIntoJdbcWithThePasswordSetAside() {
        DatabaseSettings settings = read(Map.of("DATABASE_URL", "postgresql://bot:p%40ss@db.internal:5433/training"));

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/training");
        assertThat(settings.user()).contains("bot");
        assertThat(settings.password().orElseThrow().reveal()).isEqualTo("p@ss");
        assertThat(settings.toString()).doesNotContain("p@ss").contains("****");
    }

    @Test
    void sqlAlchemyDriverSuffixesAndJdbcUrlsAreAccepted() {
        assertThat(read(Map.of("DATABASE_URL", "postgresql+asyncpg://u:x@h/db")).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/db");
        assertThat(read(Map.of("DATABASE_URL", "postgres://u@h:5432/db?sslmode=require"))
                        .jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require");
        DatabaseSettings jdbc =
                read(Map.of("DATABASE_URL", "jdbc:postgresql://h:5432/db?user=app&password=secret&ssl=true"));
        assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?ssl=true");
        assertThat(jdbc.user()).contains("app");
        assertThat(jdbc.password().orElseThrow().reveal()).isEqualTo("secret");
    }

    @Test
    void otherDatabasesAndIncompleteUrlsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> read(Map.of("DATABASE_URL", "sqlite:///bot.db")))
                .hasMessageContaining("only PostgreSQL is supported");
        assertThatThrownBy(() -> read(Map.of("DATABASE_URL", "postgresql://u:topsecret@h:5432")))
                .hasMessageContaining("names no database")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void thePoolVariablesKeepTheSeedsMeaningOnHikari() {
        HikariConfig hikari = read(Map.of(
                        "DATABASE_URL", "postgresql://u@h/db",
                        "DB_POOL_SIZE", "20",
                        "DB_MAX_OVERFLOW", "30",
                        "DB_POOL_TIMEOUT", "30",
                        "DB_POOL_RECYCLE", "3600"))
                .hikariConfig("test");

        assertThat(hikari.getMinimumIdle()).isEqualTo(20);
        assertThat(hikari.getMaximumPoolSize()).isEqualTo(50);
        assertThat(hikari.getConnectionTimeout()).isEqualTo(30_000);
        assertThat(hikari.getMaxLifetime()).isEqualTo(3_600_000);
    }

    @Test
    void theDriverGivesUpOnASilentServerAndOnASlowLogin() {
        HikariConfig defaults =
                read(Map.of("DATABASE_URL", "postgresql://u@h/db")).hikariConfig("test");

        assertThat(defaults.getDataSourceProperties())
                .containsEntry("socketTimeout", "30")
                .containsEntry("connectTimeout", "10")
                .containsEntry("loginTimeout", "30");

        HikariConfig tuned = read(Map.of(
                        "DATABASE_URL", "postgresql://u@h/db",
                        "DB_SOCKET_TIMEOUT", "5",
                        "DB_POOL_TIMEOUT", "3"))
                .hikariConfig("test");

        assertThat(tuned.getDataSourceProperties())
                .containsEntry("socketTimeout", "5")
                .containsEntry("connectTimeout", "3")
                .containsEntry("loginTimeout", "3");
    }

    @Test
    void aSocketTimeoutOfZeroWhichWouldWaitForeverIsRefused() {
        assertThatThrownBy(() -> read(Map.of("DATABASE_URL", "postgresql://u@h/db", "DB_SOCKET_TIMEOUT", "0")))
                .hasMessageContaining("DB_SOCKET_TIMEOUT");
    }

    private static DatabaseSettings read(Map<String, String> values) {
        ConfigReader config = new ConfigReader(Env.of(new HashMap<>(values)));
        DatabaseSettings settings = DatabaseSettings.read(config);
        config.validate();
        return settings;
    }
}
