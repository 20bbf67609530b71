package dev.trainingbot.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.common.config.Env;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The healthcheck's Filesystem line: the temporary directory writable, the files a service reads readable. */
class FilesystemCheckTest {

    @TempDir
    Path dir;

    @Test
    void aWritableTemporaryDirectoryAndAReadableContentFilePassWithTheSeedsLine() throws IOException {
        Path course = Files.writeString(dir.resolve("course.yaml"), "sections: []\n");

        CheckResult result =
                HealthChecks.filesystem(dir, Map.of("CONTENT_PATH", course)).get();

        assertThat(result).isEqualTo(CheckResult.passed("Filesystem", "Filesystem OK"));
        assertThat(dir).isDirectoryNotContaining("glob:**/.healthcheck*");
    }

    @Test
    void aTemporaryDirectoryThatCannotBeWrittenFailsNamingIt() {
        Path missing = dir.resolve("no-such-tmp");

        CheckResult result = HealthChecks.filesystem(missing, Map.of()).get();

        assertThat(result.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(result.detail()).startsWith("temporary directory " + missing + " (java.io.tmpdir) is not writable");
    }

    @Test
    void aContentFileThatCannotBeReadFailsNamingTheVariableAndThePath() {
        Path missing = dir.resolve("course.yaml");

        CheckResult result =
                HealthChecks.filesystem(dir, Map.of("CONTENT_PATH", missing)).get();

        assertThat(result)
                .isEqualTo(CheckResult.failed("Filesystem", "CONTENT_PATH " + missing + " is not a readable file"));
    }

    @Test
    void theContentPathComesFromTheEnvironmentOrItsDefault() throws IOException {
        Path course = Files.writeString(dir.resolve("course.yaml"), "sections: []\n");

        CheckResult set = HealthChecks.filesystem(
                        Env.of(Map.of("CONTENT_PATH", course.toString())), "CONTENT_PATH", "no/such/default.yaml")
                .get();
        CheckResult unset = HealthChecks.filesystem(Env.of(Map.of()), "CONTENT_PATH", "no/such/default.yaml")
                .get();

        assertThat(set.status()).isEqualTo(CheckResult.Status.PASSED);
        assertThat(unset.detail()).startsWith("CONTENT_PATH ").endsWith("no/such/default.yaml is not a readable file");
    }
}
