package dev.trainingbot.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvTest {

    @TempDir
    Path dir;

    @Test
    void aDotEnvFileIsReadWithCommentsExportsAndQuotes() throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, """
                # Redis (required)
                REDIS_URL=redis://localhost:6379
                export REDIS_FSM_DB=0
                ADMIN_PASS_HASH='$2b$12$abc'
                BOT_NAME="Training Bot"
                DB_POOL_SIZE=20 # per replica
                not a variable line
                """);

        var values = Env.parseDotEnv(file);

        assertThat(values)
                .containsEntry("REDIS_URL", "redis://localhost:6379")
                .containsEntry("REDIS_FSM_DB", "0")
                .containsEntry("ADMIN_PASS_HASH", "$2b$12$abc")
                .containsEntry("BOT_NAME", "Training Bot")
                .containsEntry("DB_POOL_SIZE", "20")
                .hasSize(5);
    }

    @Test
    void theEnvironmentWinsOverTheFile() {
        Env env = Env.of(java.util.Map.of("A", "file")).with(java.util.Map.of("A", "environment"));

        assertThat(env.get("A")).contains("environment");
    }
}
